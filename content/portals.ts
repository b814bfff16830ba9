import { acceptancePortal, type Cloud } from '../domain/clouds.js';
import type { Locale } from './locales.js';

/** Where each cloud's customers accept, by the name Microsoft gives that place in each language. */
const portalNames: Record<Locale, Record<Cloud, string>> = {
  en: { public: acceptancePortal('public').name, usgov: acceptancePortal('usgov').name },
  tr: { public: 'Microsoft 365 yönetim merkezi', usgov: 'Microsoft Office Yönetici portalı' },
};

export const portalName = (cloud: Cloud, locale: Locale): string => portalNames[locale][cloud];
