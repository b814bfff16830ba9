import type { Locale } from './locales.js';

/**
 * Every sentence a customer or partner reads, in each language. Values are plain text: the renderers escape
 * them for HTML. Functions take the facts they mention. Names are interpolated only as separate words (never
 * with a Turkish suffix glued on), so the sentences stay grammatical whatever the name.
 *
 * Product and role names follow Microsoft's own Turkish pages: "kurumsal bayi ilişkisi" (reseller relationship),
 * "temsilci yönetici ayrıcalıkları" (delegated admin privileges), "kiracı" (tenant), "Genel Yönetici"
 * (Global administrator), "Microsoft Müşteri Sözleşmesi" (Microsoft Customer Agreement). Portal names are
 * passed in, already in the reader's language (content/portals.ts).
 */
const en = {
  invitation: {
    subject: (partner: string, company: string) => `${partner} requests a reseller relationship with ${company}`,
    reminderPrefix: 'Reminder:',
    reminderLead: (partner: string) => `This is a reminder: ${partner} is still waiting for your answer.`,
    greeting: (company: string) => `Hello ${company} administrator,`,
    ask: (partner: string, company: string) =>
      `${partner}, a Microsoft Cloud Solution Provider partner, asks ${company} for a reseller relationship. With it, ${partner} can buy Microsoft cloud products and services on your organization's behalf.`,
    dapIncluded: (partner: string) =>
      `The request includes delegated admin privileges: ${partner} will also be able to administer your Microsoft services, for example assign licenses and open support requests for you.`,
    dapExcluded: (partner: string) =>
      `The request does not include delegated admin privileges: ${partner} can buy on your behalf and manage the Azure subscriptions it provisions for you, but cannot administer your other Microsoft services.`,
    indirectReseller: (id: string) => `The request was made through the indirect reseller ${id}.`,
    partnerMessage: 'Message from the partner:',
    agreement: (company: string) =>
      `To accept, a Global administrator of your tenant must accept the Microsoft Customer Agreement on behalf of ${company}.`,
    othersStay: 'Your other partner relationships stay as they are: an organization may work with several partners.',
    where: (portal: string) =>
      `This link is the request itself: open it to review the request, then accept or decline. For your cloud, partner requests are accepted in the ${portal}; the link stands for that acceptance page, and your acceptance is recorded for your tenant.`,
    linkLabel: 'Review the request',
    expires: (date: string) => `The link expires on ${date}.`,
    ignore: 'If you do not recognize this partner, you can decline on the same page or ignore this email.',
  },
  partner: {
    acceptedSubject: (company: string) => `${company} accepted your reseller relationship request`,
    accepted: (company: string, by: string) =>
      `${company} accepted your reseller relationship request (accepted by ${by}). The customer now appears in your customer list, and you can buy on its behalf.`,
    acceptedDap: 'The request included delegated admin privileges.',
    acceptedNoDap:
      'The request did not include delegated admin privileges: you can manage the Azure subscriptions you provision for the customer, but not its other Microsoft services.',
    adminRelationship: "Remember that you also need a separate admin relationship to manage the customer's services or subscriptions.",
    requestAdminRelationship: 'Request an admin relationship',
    declinedSubject: (company: string) => `${company} declined your reseller relationship request`,
    declined: (company: string) => `${company} declined your reseller relationship request.`,
    reason: (reason: string) => `Reason given: ${reason}`,
    expiredSubject: (company: string) => `Your reseller relationship request to ${company} expired`,
    expired: (company: string) =>
      `${company} did not answer your reseller relationship request before it expired. You can send a new request at any time.`,
    reference: (id: string) => `Request reference: ${id}`,
  },
  confirmation: {
    subject: (partner: string) => `You accepted the reseller relationship with ${partner}`,
    body: (partner: string, company: string) =>
      `Thank you. ${company} now has a reseller relationship with ${partner}, and the Microsoft Customer Agreement is accepted. ${partner} can buy Microsoft cloud products and services on your organization's behalf.`,
    dap: (partner: string) => `${partner} also has delegated admin privileges for your Microsoft services.`,
    noDap: (partner: string) =>
      `${partner} has no delegated admin privileges: it can manage the Azure subscriptions it provisions for you, but cannot administer your other Microsoft services.`,
  },
  page: {
    title: 'Reseller relationship request',
    intro: (partner: string, company: string) => `${partner} asks ${company} for a reseller relationship.`,
    partner: 'Partner',
    organization: 'Organization',
    tenantId: 'Tenant ID',
    validUntil: 'Link valid until',
    requestedHeading: 'What the partner asks for',
    grantReseller: (partner: string) =>
      `A reseller relationship: ${partner} may buy Microsoft cloud products and services on your organization's behalf.`,
    grantDap: (partner: string) =>
      `Delegated admin privileges: ${partner} may also administer your Microsoft services, for example assign licenses and open support requests.`,
    noDap: (partner: string) =>
      `No delegated admin privileges: ${partner} can manage the Azure subscriptions it provisions for you, but will not be able to administer your other Microsoft services.`,
    agreementHeading: 'Agreement',
    agreementBefore: 'Accepting includes accepting the ',
    agreementName: 'Microsoft Customer Agreement',
    agreementAfter: '. It must be accepted by a Global administrator of your tenant.',
    newWindow: '(opens in a new window)',
    whereHeading: 'Where you accept',
    whereText: (portal: string) =>
      `For your cloud, partner requests are accepted in the ${portal}. This page stands for that acceptance page: your answer here is recorded for your tenant.`,
    partnerMessage: 'Message from the partner',
    acceptHeading: 'Accept',
    acceptIntro: 'Your details are recorded with your acceptance.',
    signInHeading: 'Sign in to decide',
    signInIntro: (company: string) =>
      `Only a Global administrator of ${company} can accept or decline this request. Sign in with your work account to continue.`,
    signInButton: 'Sign in with Microsoft',
    signedInAs: (name: string) => `Signed in as ${name}.`,
    switchUser: 'Sign in as someone else',
    signedInAcceptIntro: 'Your acceptance is recorded with your signed-in account.',
    signInProblems: {
      'other-organization': (company: string) =>
        `The account you signed in with belongs to another organization. Sign in with an account of ${company}.`,
      'not-global-administrator': (company: string) =>
        `You are signed in, but not as a Global administrator of ${company}: only a Global administrator can accept or decline this request. Sign in as one, or forward this invitation to one.`,
      failed: (_company: string) => 'The sign-in did not complete. Please try again.',
      required: (_company: string) => 'Sign in before you accept or decline.',
    },
    linkOnlyNotice: 'Sign-in is turned off on this server: anyone who holds this link can accept or decline.',
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Work email',
    phone: 'Phone',
    reason: 'Reason for declining',
    required: 'required',
    optional: 'optional',
    acceptButton: 'Accept the relationship',
    declineHeading: 'Decline',
    declineIntro: 'If you decline, nothing is granted. The partner is told, with your reason if you give one.',
    declineButton: 'Decline the request',
    errorSummary: 'Please correct the following',
    /** A closed request's page says only this: its state with the date, and what to do next; nothing about who. */
    status: {
      accepted: (date: string) => `This request was accepted on ${date}. The reseller relationship is in place.`,
      declined: (date: string) => `This request was declined on ${date}. Nothing was granted.`,
      cancelled: (date: string) => `The partner canceled this request on ${date}. Nothing was granted.`,
      expired: (date: string) => `This request expired on ${date}. Nothing was granted.`,
      rejected: (_date: string) => 'This request is not available. Nothing was granted.',
    },
    next: {
      accepted: 'There is nothing more to do here.',
      declined: 'If you change your mind, ask the partner to send a new request.',
      cancelled: 'There is nothing for you to do.',
      expired: 'If you still want to work with this partner, ask the partner to send a new request.',
      rejected: 'There is nothing for you to do.',
    },
    outcomeAccepted: (partner: string) =>
      `Thank you. The relationship with ${partner} is in place and the partner has been told. A confirmation email is on its way to you.`,
    outcomeDeclined: (partner: string) => `You declined the request. Nothing was granted, and ${partner} has been told.`,
    notFoundTitle: 'This invitation link is not valid',
    notFoundText: 'Check that you copied the whole link from the email, or ask the partner to send the invitation again.',
    language: 'Language',
  },
  /** Field errors on the acceptance and decline forms, one per field whatever went wrong with it. */
  fieldErrors: {
    firstName: 'Enter your first name (up to 100 characters).',
    lastName: 'Enter your last name (up to 100 characters).',
    email: 'Enter a valid email address, like name@example.com.',
    phone: 'Enter a valid phone number, or leave the field empty.',
    acceptAgreement:
      'Tick the box to accept the Microsoft Customer Agreement and confirm that you are a Global administrator.',
    reason: 'Keep the reason to 500 characters or fewer.',
  },
};

export type Messages = typeof en;
export type FormField = keyof Messages['fieldErrors'];

const tr: Messages = {
  invitation: {
    subject: (partner, company) => `${partner}, ${company} ile kurumsal bayi ilişkisi kurmak istiyor`,
    reminderPrefix: 'Hatırlatma:',
    reminderLead: (partner) => `Bu bir hatırlatma e-postasıdır: ${partner} hâlâ yanıtınızı bekliyor.`,
    greeting: (company) => `Sayın ${company} yöneticisi,`,
    ask: (partner, company) =>
      `Bir Microsoft Bulut Çözümü Sağlayıcısı iş ortağı olan ${partner}, ${company} ile kurumsal bayi ilişkisi kurmak istiyor. Bu ilişki sayesinde ${partner}, kuruluşunuz adına Microsoft bulut ürünlerini ve hizmetlerini satın alabilir.`,
    dapIncluded: (partner) =>
      `Talep, temsilci yönetici ayrıcalıklarını da içeriyor: ${partner}, Microsoft hizmetlerinizi de yönetebilecek; örneğin lisans atayabilecek ve sizin adınıza destek talebi açabilecek.`,
    dapExcluded: (partner) =>
      `Talep, temsilci yönetici ayrıcalıklarını içermiyor: ${partner}, sizin adınıza satın alabilir ve sizin için sağladığı Azure aboneliklerini yönetebilir, ancak diğer Microsoft hizmetlerinizi yönetemez.`,
    indirectReseller: (id) => `Talep, dolaylı kurumsal bayi ${id} aracılığıyla yapıldı.`,
    partnerMessage: 'İş ortağının mesajı:',
    agreement: (company) =>
      `Talebi yalnızca kiracınızdaki bir Genel Yönetici kabul edebilir ve bunu yaparken ${company} adına Microsoft Müşteri Sözleşmesi’ni de kabul etmiş olur.`,
    othersStay: 'Diğer iş ortaklarınızla ilişkileriniz değişmez; bir kuruluş birden fazla iş ortağıyla çalışabilir.',
    where: (portal) =>
      `Talebi incelemek, ardından kabul etmek ya da reddetmek için aşağıdaki bağlantıyı açın. Kullandığınız bulutta iş ortağı talepleri ${portal} üzerinden kabul edilir; bu bağlantı o kabul sayfasının yerine geçer ve yanıtınız kiracınız için kaydedilir.`,
    linkLabel: 'Talebi inceleyin',
    expires: (date) => `Bağlantı ${date} tarihinde geçerliliğini yitirir.`,
    ignore: 'Bu iş ortağını tanımıyorsanız talebi aynı sayfadan reddedebilir ya da bu e-postayı yok sayabilirsiniz.',
  },
  partner: {
    acceptedSubject: (company) => `${company}, kurumsal bayi ilişkisi talebinizi kabul etti`,
    accepted: (company, by) =>
      `${company}, kurumsal bayi ilişkisi talebinizi kabul etti (kabul eden: ${by}). Müşteri artık müşteri listenizde yer alıyor; bu müşteri adına satın alma yapabilirsiniz.`,
    acceptedDap: 'Talep, temsilci yönetici ayrıcalıklarını da içeriyordu.',
    acceptedNoDap:
      'Talep, temsilci yönetici ayrıcalıklarını içermiyordu: müşteri için sağladığınız Azure aboneliklerini yönetebilirsiniz, ancak müşterinin diğer Microsoft hizmetlerini yönetemezsiniz.',
    adminRelationship: 'Hizmet veya aboneliklerini yönetmek için ayrı bir yönetici ilişkisine de ihtiyacınız olduğunu unutmayın.',
    requestAdminRelationship: 'Yönetici ilişkisi isteyin',
    declinedSubject: (company) => `${company}, kurumsal bayi ilişkisi talebinizi reddetti`,
    declined: (company) => `${company}, kurumsal bayi ilişkisi talebinizi reddetti.`,
    reason: (reason) => `Müşterinin belirttiği gerekçe: ${reason}`,
    expiredSubject: (company) => `${company} müşterisine gönderdiğiniz kurumsal bayi ilişkisi talebinin süresi doldu`,
    expired: (company) =>
      `${company}, kurumsal bayi ilişkisi talebinizi süresi dolmadan yanıtlamadı. İstediğiniz zaman yeni bir talep gönderebilirsiniz.`,
    reference: (id) => `Talep numarası: ${id}`,
  },
  confirmation: {
    subject: (partner) => `${partner} ile kurumsal bayi ilişkisini kabul ettiniz`,
    body: (partner, company) =>
      `Teşekkür ederiz. ${company} ile ${partner} arasında kurumsal bayi ilişkisi kuruldu ve Microsoft Müşteri Sözleşmesi kabul edildi. ${partner}, kuruluşunuz adına Microsoft bulut ürünlerini ve hizmetlerini satın alabilir.`,
    dap: (partner) => `${partner}, Microsoft hizmetleriniz için temsilci yönetici ayrıcalıklarına da sahip.`,
    noDap: (partner) =>
      `${partner} temsilci yönetici ayrıcalıklarına sahip değil: sizin için sağladığı Azure aboneliklerini yönetebilir, ancak diğer Microsoft hizmetlerinizi yönetemez.`,
  },
  page: {
    title: 'Kurumsal bayi ilişkisi talebi',
    intro: (partner, company) => `${partner}, ${company} ile kurumsal bayi ilişkisi kurmak istiyor.`,
    partner: 'İş ortağı',
    organization: 'Kuruluş',
    tenantId: 'Kiracı kimliği',
    validUntil: 'Bağlantının son geçerlilik tarihi',
    requestedHeading: 'Talep edilen yetkiler',
    grantReseller: (partner) =>
      `Kurumsal bayi ilişkisi: ${partner}, kuruluşunuz adına Microsoft bulut ürünlerini ve hizmetlerini satın alabilir.`,
    grantDap: (partner) =>
      `Temsilci yönetici ayrıcalıkları: ${partner}, Microsoft hizmetlerinizi de yönetebilir; örneğin lisans atayabilir ve destek talebi açabilir.`,
    noDap: (partner) =>
      `Temsilci yönetici ayrıcalıkları yok: ${partner}, sizin için sağladığı Azure aboneliklerini yönetebilir, ancak diğer Microsoft hizmetlerinizi yönetemez.`,
    agreementHeading: 'Sözleşme',
    agreementBefore: 'Talebi kabul ederek ',
    agreementName: 'Microsoft Müşteri Sözleşmesi',
    agreementAfter: '’ni de kabul etmiş olursunuz. Sözleşmeyi yalnızca kiracınızdaki bir Genel Yönetici kabul edebilir.',
    newWindow: '(yeni pencerede açılır)',
    whereHeading: 'Talepler nerede kabul edilir?',
    whereText: (portal) =>
      `Kullandığınız bulutta iş ortağı talepleri ${portal} üzerinden kabul edilir. Bu sayfa o kabul sayfasının yerine geçer: burada verdiğiniz yanıt kiracınız için kaydedilir.`,
    partnerMessage: 'İş ortağının mesajı',
    acceptHeading: 'Kabul et',
    acceptIntro: 'Bilgileriniz kabulünüzle birlikte kaydedilir.',
    signInHeading: 'Karar vermek için oturum açın',
    signInIntro: (company) =>
      `Bu talebi yalnızca ${company} kuruluşundaki bir Genel Yönetici kabul edebilir veya reddedebilir. Devam etmek için iş hesabınızla oturum açın.`,
    signInButton: 'Microsoft ile oturum açın',
    signedInAs: (name) => `${name} olarak oturum açtınız.`,
    switchUser: 'Başka bir hesapla oturum açın',
    signedInAcceptIntro: 'Kabulünüz, oturum açtığınız hesapla birlikte kaydedilir.',
    signInProblems: {
      'other-organization': (company) =>
        `Oturum açtığınız hesap başka bir kuruluşa ait. ${company} kuruluşuna ait bir hesapla oturum açın.`,
      'not-global-administrator': (company) =>
        `Oturum açtınız, ancak ${company} kuruluşunun Genel Yöneticisi olarak değil: bu talebi yalnızca bir Genel Yönetici kabul edebilir veya reddedebilir. Genel Yönetici olarak oturum açın ya da bu daveti bir Genel Yöneticiye iletin.`,
      failed: (_company) => 'Oturum açma tamamlanamadı. Lütfen yeniden deneyin.',
      required: (_company) => 'Kabul etmeden veya reddetmeden önce oturum açın.',
    },
    linkOnlyNotice: 'Bu sunucuda oturum açma kapalı: bu bağlantıya sahip olan herkes kabul edebilir veya reddedebilir.',
    firstName: 'Ad',
    lastName: 'Soyad',
    email: 'İş e-postası',
    phone: 'Telefon',
    reason: 'Ret gerekçesi',
    required: 'zorunlu',
    optional: 'isteğe bağlı',
    acceptButton: 'İlişkiyi kabul et',
    declineHeading: 'Reddet',
    declineIntro: 'Reddederseniz hiçbir yetki verilmez. İş ortağına bilgi verilir; bir gerekçe yazarsanız o da iletilir.',
    declineButton: 'Talebi reddet',
    errorSummary: 'Lütfen aşağıdaki hataları düzeltin',
    status: {
      accepted: (date) => `Bu talep ${date} tarihinde kabul edildi. Kurumsal bayi ilişkisi kuruldu.`,
      declined: (date) => `Bu talep ${date} tarihinde reddedildi. Hiçbir yetki verilmedi.`,
      cancelled: (date) => `İş ortağı bu talebi ${date} tarihinde iptal etti. Hiçbir yetki verilmedi.`,
      expired: (date) => `Bu talebin süresi ${date} tarihinde doldu. Hiçbir yetki verilmedi.`,
      rejected: (_date) => 'Bu talep geçerli değil. Hiçbir yetki verilmedi.',
    },
    next: {
      accepted: 'Burada yapmanız gereken başka bir şey yok.',
      declined: 'Fikrinizi değiştirirseniz iş ortağından yeni bir talep göndermesini isteyin.',
      cancelled: 'Yapmanız gereken bir şey yok.',
      expired: 'Bu iş ortağıyla yine de çalışmak istiyorsanız iş ortağından yeni bir talep göndermesini isteyin.',
      rejected: 'Yapmanız gereken bir şey yok.',
    },
    outcomeAccepted: (partner) =>
      `Teşekkür ederiz. ${partner} ile kurumsal bayi ilişkisi kuruldu ve iş ortağı bilgilendirildi. Size bir onay e-postası gönderiliyor.`,
    outcomeDeclined: (partner) => `Talebi reddettiniz. Hiçbir yetki verilmedi ve ${partner} bilgilendirildi.`,
    notFoundTitle: 'Bu davet bağlantısı geçerli değil',
    notFoundText:
      'Bağlantının tamamını e-postadan kopyaladığınızdan emin olun veya iş ortağından daveti yeniden göndermesini isteyin.',
    language: 'Dil',
  },
  fieldErrors: {
    firstName: 'Adınızı girin (en fazla 100 karakter).',
    lastName: 'Soyadınızı girin (en fazla 100 karakter).',
    email: 'Geçerli bir e-posta adresi girin, örneğin ad@ornek.com.',
    phone: 'Geçerli bir telefon numarası girin veya alanı boş bırakın.',
    acceptAgreement:
      'Microsoft Müşteri Sözleşmesi’ni kabul etmek ve Genel Yönetici olduğunuzu onaylamak için kutuyu işaretleyin.',
    reason: 'Gerekçe en fazla 500 karakter olabilir.',
  },
};

export const messages: Record<Locale, Messages> = { en, tr };

/** Each language's name in itself, for the language switch. */
export const languageNames: Record<Locale, string> = { en: 'English', tr: 'Türkçe' };
