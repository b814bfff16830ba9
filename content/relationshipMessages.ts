import type { Locale } from './locales.js';

/**
 * The sentences about a relationship that ends or loses its delegated admin privileges, in each language, written as
 * content/messages.ts writes its own: plain text, names as separate words, Partner Center's Turkish terms
 * ("kurumsal bayi ilişkisi", "temsilci yönetici ayrıcalıkları", "Genel Yönetici", "kiracı").
 */
const en = {
  ended: {
    subject: (partner: string, company: string) => `${partner} ended its reseller relationship with ${company}`,
    greeting: (company: string) => `Hello ${company} administrator,`,
    body: (partner: string, company: string, date: string) =>
      `${partner} ended the reseller relationship with ${company} on ${date}. ${partner} can no longer buy Microsoft cloud products and services on your organization's behalf.`,
    dap: (partner: string) => `The delegated admin privileges ${partner} held for your Microsoft services ended with the relationship.`,
    reason: (reason: string) => `Reason given by the partner: ${reason}`,
    others: 'Your relationships with other partners stay as they are.',
    contact: (partner: string) =>
      `If you did not expect this, contact ${partner}. To work together again, ${partner} can send you a new request.`,
    reference: (id: string) => `Relationship reference: ${id}`,
  },
  dapRemoved: {
    subject: (company: string) => `${company} removed your delegated admin privileges`,
    body: (company: string, tenantId: string, by: string, date: string) =>
      `A Global administrator of ${company} (${tenantId}), ${by}, removed your delegated admin privileges on ${date}.`,
    stays: (company: string) =>
      `Your reseller relationship with ${company} stays: you can still buy on the customer's behalf and manage the Azure subscriptions you provision for it, but you can no longer administer its other Microsoft services.`,
    reference: (id: string) => `Relationship reference: ${id}`,
  },
  page: {
    title: 'Partner relationships',
    intro: (company: string) => `The partners ${company} works with through a reseller relationship.`,
    signInHeading: 'Sign in to see your partners',
    signInIntro: 'Only a Global administrator of your organization can see and change its partner relationships. Sign in with your work account.',
    signInButton: 'Sign in with Microsoft',
    signInOff: 'Sign-in is turned off on this server, so partner relationships cannot be shown here.',
    signedInAs: (name: string) => `Signed in as ${name}.`,
    switchUser: 'Sign in as someone else',
    signInProblems: {
      'other-organization': 'The account you signed in with does not belong to a customer organization known here. Sign in with an account of your organization.',
      'not-global-administrator':
        'You are signed in, but not as a Global administrator: only a Global administrator can see and change partner relationships.',
      failed: 'The sign-in did not complete. Please try again.',
      required: 'Sign in first.',
    },
    none: 'Your organization has no partner with a reseller relationship.',
    partner: 'Partner',
    tenantId: 'Tenant ID',
    relationship: 'Relationship',
    reseller: 'Reseller',
    since: 'Start date',
    adminPrivileges: 'Admin privileges',
    dapHeld: 'Delegated admin privileges',
    dapNone: 'No delegated admin privileges',
    dapRemoved: (date: string, by: string) => `Delegated admin privileges removed on ${date} by ${by}`,
    removeIntro: (partner: string) =>
      `If you remove them, ${partner} will no longer be able to manage your Microsoft services other than the Azure subscriptions it provisioned for you. The reseller relationship will stay, and ${partner} will be told.`,
    removeButton: 'Remove delegated admin privileges',
    endNote: 'Only a partner can end a reseller relationship. To end the relationship, contact your partner.',
    removed: (partner: string) =>
      `You removed the delegated admin privileges of ${partner}. The reseller relationship stays, and ${partner} has been told.`,
    noPrivileges: (partner: string) => `${partner} holds no delegated admin privileges.`,
    notFound: 'This partner has no active reseller relationship with your organization.',
    csrfFailed: 'The form expired or was not sent from this page. Please try again.',
  },
};

export type RelationshipMessages = typeof en;
export type TenantSignInProblem = keyof RelationshipMessages['page']['signInProblems'];

const tr: RelationshipMessages = {
  ended: {
    subject: (partner, company) => `${partner}, ${company} ile kurumsal bayi ilişkisini sonlandırdı`,
    greeting: (company) => `Sayın ${company} yöneticisi,`,
    body: (partner, company, date) =>
      `${partner}, ${company} ile kurumsal bayi ilişkisini ${date} tarihinde sonlandırdı. ${partner} artık kuruluşunuz adına Microsoft bulut ürünlerini ve hizmetlerini satın alamaz.`,
    dap: (partner) => `${partner} için tanımlı temsilci yönetici ayrıcalıkları da ilişkiyle birlikte sona erdi.`,
    reason: (reason) => `İş ortağının belirttiği gerekçe: ${reason}`,
    others: 'Diğer iş ortaklarınızla ilişkileriniz değişmez.',
    contact: (partner) =>
      `Bu değişikliği beklemiyorduysanız ${partner} ile iletişime geçin. Yeniden birlikte çalışmak için ${partner} size yeni bir talep gönderebilir.`,
    reference: (id) => `İlişki numarası: ${id}`,
  },
  dapRemoved: {
    subject: (company) => `${company} temsilci yönetici ayrıcalıklarınızı kaldırdı`,
    body: (company, tenantId, by, date) =>
      `${company} (${tenantId}) kuruluşunun Genel Yöneticilerinden ${by}, ${date} tarihinde temsilci yönetici ayrıcalıklarınızı kaldırdı.`,
    stays: (company) =>
      `${company} ile kurumsal bayi ilişkiniz devam ediyor: müşteri adına satın alma yapabilir ve müşteri için sağladığınız Azure aboneliklerini yönetebilirsiniz, ancak müşterinin diğer Microsoft hizmetlerini artık yönetemezsiniz.`,
    reference: (id) => `İlişki numarası: ${id}`,
  },
  page: {
    title: 'İş ortağı ilişkileri',
    intro: (company) => `${company} kuruluşunun kurumsal bayi ilişkisi bulunan iş ortakları.`,
    signInHeading: 'İş ortaklarınızı görmek için oturum açın',
    signInIntro: 'Kuruluşunuzun iş ortağı ilişkilerini yalnızca bir Genel Yönetici görebilir ve değiştirebilir. İş hesabınızla oturum açın.',
    signInButton: 'Microsoft ile oturum açın',
    signInOff: 'Bu sunucuda oturum açma kapalı; bu nedenle iş ortağı ilişkileri burada gösterilemiyor.',
    signedInAs: (name) => `${name} olarak oturum açtınız.`,
    switchUser: 'Başka bir hesapla oturum açın',
    signInProblems: {
      'other-organization': 'Oturum açtığınız hesap, burada kayıtlı bir müşteri kuruluşuna ait değil. Kuruluşunuza ait bir hesapla oturum açın.',
      'not-global-administrator':
        'Oturum açtınız, ancak Genel Yönetici olarak değil: iş ortağı ilişkilerini yalnızca bir Genel Yönetici görebilir ve değiştirebilir.',
      failed: 'Oturum açma tamamlanamadı. Lütfen yeniden deneyin.',
      required: 'Önce oturum açın.',
    },
    none: 'Kuruluşunuzun kurumsal bayi ilişkisi olan bir iş ortağı yok.',
    partner: 'İş ortağı',
    tenantId: 'Kiracı kimliği',
    relationship: 'İlişki',
    reseller: 'Kurumsal bayi',
    since: 'Başlangıç tarihi',
    adminPrivileges: 'Yönetici ayrıcalıkları',
    dapHeld: 'Temsilci yönetici ayrıcalıkları var',
    dapNone: 'Temsilci yönetici ayrıcalıkları yok',
    dapRemoved: (date, by) => `Temsilci yönetici ayrıcalıkları ${date} tarihinde kaldırıldı (kaldıran: ${by})`,
    removeIntro: (partner) =>
      `Kaldırırsanız ${partner}, sizin için sağladığı Azure abonelikleri dışındaki Microsoft hizmetlerinizi artık yönetemeyecek. Kurumsal bayi ilişkisi devam edecek ve ${partner} bilgilendirilecek.`,
    removeButton: 'Temsilci yönetici ayrıcalıklarını kaldır',
    endNote: 'Kurumsal bayi ilişkisini yalnızca iş ortağı sonlandırabilir. İlişkiyi sonlandırmak için iş ortağınıza başvurun.',
    removed: (partner) =>
      `${partner} için temsilci yönetici ayrıcalıklarını kaldırdınız. Kurumsal bayi ilişkisi devam ediyor ve ${partner} bilgilendirildi.`,
    noPrivileges: (partner) => `${partner} temsilci yönetici ayrıcalıklarına sahip değil.`,
    notFound: 'Bu iş ortağının kuruluşunuzla etkin bir kurumsal bayi ilişkisi yok.',
    csrfFailed: 'Formun süresi doldu veya form bu sayfadan gönderilmedi. Lütfen yeniden deneyin.',
  },
};

export const relationshipMessages: Record<Locale, RelationshipMessages> = { en, tr };
