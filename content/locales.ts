import { z } from 'zod';

export const Locale = z.enum(['en', 'tr']);
export type Locale = z.infer<typeof Locale>;
export const defaultLocale: Locale = 'en';

/**
 * The first candidate whose primary language subtag we speak ('tr-TR' → 'tr', 'TR' → 'tr'); English otherwise.
 * A candidate may be a whole Accept-Language value ("de-DE,tr;q=0.8"): its entries are tried in the order given.
 */
export function pickLocale(...candidates: (string | undefined | null)[]): Locale {
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    for (const entry of candidate.split(',')) {
      const primary = entry.trim().split(/[-_;]/)[0]?.trim().toLowerCase();
      const parsed = Locale.safeParse(primary);
      if (parsed.success) return parsed.data;
    }
  }
  return defaultLocale;
}

const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  tr: new Intl.DateTimeFormat('tr-TR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** "25 December 2026 (UTC)" / "25 Aralık 2026 (UTC)". A value that is not a date is shown as given. */
export function formatDate(date: Date | string, locale: Locale): string {
  const value = new Date(date);
  if (Number.isNaN(value.getTime())) return String(date);
  return `${dateFormats[locale].format(value)} (UTC)`;
}

const dateTimeFormats: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }),
  tr: new Intl.DateTimeFormat('tr-TR', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }),
};

/** "25 December 2026 at 14:05 (UTC)" / "25 Aralık 2026 14:05 (UTC)": for what happens within a day, as a timeline's events. */
export function formatDateTime(date: Date | string, locale: Locale): string {
  const value = new Date(date);
  if (Number.isNaN(value.getTime())) return String(date);
  return `${dateTimeFormats[locale].format(value)} (UTC)`;
}
