import { z } from 'zod';

export const Locale = z.enum(['en', 'tr']);
export type Locale = z.infer<typeof Locale>;
export const defaultLocale: Locale = 'en';

/** The first candidate whose primary language we speak ('tr-TR' → 'tr'); English otherwise. */
export function pickLocale(...candidates: (string | undefined | null)[]): Locale {
  for (const candidate of candidates) {
    const primary = candidate?.trim().split(/[-_;,]/)[0]?.toLowerCase();
    const parsed = Locale.safeParse(primary);
    if (parsed.success) return parsed.data;
  }
  return defaultLocale;
}

const dateFormats: Record<Locale, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  tr: new Intl.DateTimeFormat('tr-TR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** "25 December 2026 (UTC)" / "25 Aralık 2026 (UTC)". */
export const formatDate = (date: Date | string, locale: Locale): string =>
  `${dateFormats[locale].format(new Date(date))} (UTC)`;
