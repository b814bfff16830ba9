import type { Locale } from '../locales.js';

/** The workspace's words, English and Turkish, as Partner Center's Customers workspace names things. */
const en = {
  productName: 'Reseller relationships',
  skipToContent: 'Skip to content',
  mainNavigation: 'Workspace',
  language: 'Language',
  customers: 'Customers',
  signedInAs: 'Signed in as',
  roles: 'Roles',
  signOut: 'Sign out',
  signIn: {
    title: 'Sign in to the partner workspace',
    lead: 'Admin agents and Sales agents request reseller relationships here; every partner user sees the customer list.',
    button: 'Sign in',
    problems: {
      failed: 'The sign-in did not complete. Try again.',
      'not-a-partner': 'The account you signed in with is not in a partner tenant of this service.',
      'no-partner-role': 'Your account holds no Partner Center role in your partner tenant. Ask your Global administrator for one.',
    },
    signedOut: 'You are signed out.',
  },
  customerList: {
    title: 'Customers',
    lead: 'Customers you are a reseller for, and relationships you ended.',
    show: 'Show',
    search: 'Name, domain or tenant ID',
    noMatch: (text: string) => `No customer matches “${text}”.`,
    statuses: { active: 'Active', ended: 'Ended', all: 'All' },
    apply: 'Show',
    caption: (status: 'active' | 'ended' | 'all'): string =>
      status === 'active' ? 'Customers with an active reseller relationship' : status === 'ended' ? 'Ended reseller relationships' : 'All reseller relationships',
    columns: { company: 'Customer', domain: 'Domain', tenant: 'Tenant ID', country: 'Country', delegatedAdmin: 'Delegated admin', since: 'Since', status: 'Status' },
    delegatedAdmin: { yes: 'Included', no: 'Not included', removed: 'Removed by the customer' },
    status: { active: 'Active', ended: (date: string, by: string) => `Ended ${date} by ${by}` },
    reason: 'Reason',
    empty: { active: 'No customer has accepted a reseller relationship yet.', ended: 'No relationship has ended.', all: 'No relationships yet.' },
    next: 'Next page',
    first: 'First page',
  },
};

const tr: typeof en = {
  productName: 'Bayi ilişkileri',
  skipToContent: 'İçeriğe geç',
  mainNavigation: 'Çalışma alanı',
  language: 'Dil',
  customers: 'Müşteriler',
  signedInAs: 'Oturum açan',
  roles: 'Roller',
  signOut: 'Oturumu kapat',
  signIn: {
    title: 'İş ortağı çalışma alanında oturum açın',
    lead: 'Yönetici aracılar ve satış aracıları burada bayi ilişkisi ister; her iş ortağı kullanıcısı müşteri listesini görür.',
    button: 'Oturum aç',
    problems: {
      failed: 'Oturum açma tamamlanmadı. Yeniden deneyin.',
      'not-a-partner': 'Oturum açtığınız hesap bu hizmetin bir iş ortağı kiracısında değil.',
      'no-partner-role': 'Hesabınızın iş ortağı kiracınızda bir Partner Center rolü yok. Genel yöneticinizden isteyin.',
    },
    signedOut: 'Oturumunuz kapatıldı.',
  },
  customerList: {
    title: 'Müşteriler',
    lead: 'Bayisi olduğunuz müşteriler ve sonlandırdığınız ilişkiler.',
    show: 'Göster',
    search: 'Ad, etki alanı veya kiracı kimliği',
    noMatch: (text: string) => `“${text}” ile eşleşen müşteri yok.`,
    statuses: { active: 'Etkin', ended: 'Sonlanmış', all: 'Tümü' },
    apply: 'Göster',
    caption: (status: 'active' | 'ended' | 'all') =>
      status === 'active' ? 'Etkin bayi ilişkisi olan müşteriler' : status === 'ended' ? 'Sonlanmış bayi ilişkileri' : 'Tüm bayi ilişkileri',
    columns: { company: 'Müşteri', domain: 'Etki alanı', tenant: 'Kiracı kimliği', country: 'Ülke', delegatedAdmin: 'Temsilci yönetici', since: 'Başlangıç', status: 'Durum' },
    delegatedAdmin: { yes: 'Dahil', no: 'Dahil değil', removed: 'Müşteri kaldırdı' },
    status: { active: 'Etkin', ended: (date: string, by: string) => `${date} tarihinde ${by} sonlandırdı` },
    reason: 'Neden',
    empty: { active: 'Henüz hiçbir müşteri bir bayi ilişkisini kabul etmedi.', ended: 'Sonlanmış ilişki yok.', all: 'Henüz ilişki yok.' },
    next: 'Sonraki sayfa',
    first: 'İlk sayfa',
  },
};

export type WorkspaceMessages = typeof en;
export const workspaceMessages: Record<Locale, WorkspaceMessages> = { en, tr };
