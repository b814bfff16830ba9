import type { Locale } from './locales.js';

/**
 * Every sentence a customer or partner reads, in each language. Values are plain text: the renderers escape
 * them for HTML. Functions take the facts they mention.
 */
const en = {
  invitation: {
    subject: (partner: string) => `${partner} requests a reseller relationship with your organisation`,
    reminderSubject: (partner: string, n: number) => `Reminder ${n}: ${partner} is waiting for your answer`,
    greeting: (company: string) => `Hello ${company} administrator,`,
    ask: (partner: string) =>
      `${partner}, a Microsoft Cloud Solution Provider, asks your organisation for a reseller relationship. With it, ${partner} can buy Microsoft cloud products and services on your behalf.`,
    dapIncluded:
      'The request includes delegated admin privileges: the partner will be able to manage your Microsoft services, for example assign licences and open support requests for you.',
    dapExcluded:
      'The request does not include delegated admin privileges: the partner can buy on your behalf but not administer your services.',
    indirectReseller: (id: string) => `The request is made together with the indirect reseller ${id}.`,
    partnerMessage: 'Message from the partner:',
    agreement:
      'To accept, a Global administrator of your tenant must accept the Microsoft Customer Agreement. Nothing changes for your existing partners: a customer may work with several.',
    where: (portal: string) =>
      `Open the link below to review and accept or decline. Your acceptance is recorded for your tenant as it would be in the ${portal}.`,
    linkLabel: 'Review the request',
    expires: (date: string) => `The link expires on ${date}.`,
    ignore: 'If you do not recognise this partner, you can decline on the same page or ignore this email.',
  },
  partner: {
    acceptedSubject: (company: string) => `${company} accepted your reseller relationship request`,
    accepted: (company: string, by: string) =>
      `${company} accepted your reseller relationship request (accepted by ${by}). The customer now appears in your customer list, and you can buy on its behalf.`,
    declinedSubject: (company: string) => `${company} declined your reseller relationship request`,
    declined: (company: string) => `${company} declined your reseller relationship request.`,
    reason: (reason: string) => `Reason given: ${reason}`,
    expiredSubject: (company: string) => `Your reseller relationship request to ${company} expired`,
    expired: (company: string) =>
      `${company} did not answer your reseller relationship request before it expired. You can send a new request at any time.`,
    cancelledSubject: (company: string) => `Your reseller relationship request to ${company} was cancelled`,
    cancelled: (company: string) => `The reseller relationship request to ${company} was cancelled.`,
    reference: (id: string) => `Request reference: ${id}`,
  },
  confirmation: {
    subject: (partner: string) => `You accepted the reseller relationship with ${partner}`,
    body: (partner: string, company: string) =>
      `Thank you. ${company} now has a reseller relationship with ${partner}, and the Microsoft Customer Agreement is accepted. ${partner} can buy Microsoft cloud products and services on your behalf.`,
    dap: (partner: string) => `${partner} also has delegated admin privileges for your services.`,
    where: (portal: string) => `You can review your partner relationships at any time in the ${portal}.`,
  },
  page: {
    title: 'Reseller relationship request',
    intro: (partner: string, company: string) => `${partner} asks ${company} for a reseller relationship.`,
    whatGranted: 'What you grant',
    grantReseller: (partner: string) => `A reseller relationship: ${partner} may buy Microsoft cloud products and services on your behalf.`,
    grantDap: 'Delegated admin privileges: the partner may manage your Microsoft services.',
    noDap: 'No delegated admin privileges are requested.',
    agreementHeading: 'Agreement',
    agreementText: 'Accepting includes accepting the',
    agreementName: 'Microsoft Customer Agreement',
    whereHeading: 'Where this is recorded',
    whereText: (portal: string) => `Your acceptance is recorded for your tenant, as in the ${portal}.`,
    tenant: 'Tenant',
    expires: (date: string) => `This invitation expires on ${date}.`,
    partnerMessage: 'Message from the partner',
    acceptHeading: 'Accept',
    firstName: 'First name',
    lastName: 'Last name',
    email: 'Work email',
    phone: 'Phone (optional)',
    required: 'required',
    acceptButton: 'Accept the relationship',
    declineHeading: 'Decline',
    reason: 'Reason (optional)',
    declineButton: 'Decline the request',
    errorSummary: 'Please correct the following:',
    status: {
      pending: '',
      accepted: (partner: string) => `This request is accepted. ${partner} now has a reseller relationship with your organisation.`,
      declined: 'This request was declined. Nothing was granted.',
      cancelled: (partner: string) => `${partner} cancelled this request. Nothing was granted.`,
      expired: (date: string) => `This request expired on ${date}. Ask the partner for a new one if you still want to work with them.`,
      rejected: 'This request is not available.',
    },
    outcomeAccepted: (partner: string) =>
      `Thank you. The relationship with ${partner} is in place and the partner has been told. A confirmation email is on its way.`,
    outcomeDeclined: (partner: string) => `You declined the request. ${partner} has been told.`,
    notFoundTitle: 'This invitation link is not valid',
    notFoundText: 'Check that you copied the whole link from the email, or ask the partner to send the invitation again.',
    language: 'Language',
  },
  attestation: (company: string) =>
    `I accept the Microsoft Customer Agreement on behalf of ${company}, and I confirm that I am a Global administrator of its tenant.`,
};

type Messages = typeof en;

const tr: Messages = {
  invitation: {
    subject: (partner) => `${partner}, kuruluşunuzla bayi ilişkisi kurmak istiyor`,
    reminderSubject: (partner, n) => `Hatırlatma ${n}: ${partner} yanıtınızı bekliyor`,
    greeting: (company) => `Merhaba ${company} yöneticisi,`,
    ask: (partner) =>
      `Bir Microsoft Bulut Çözümü Sağlayıcısı olan ${partner}, kuruluşunuzdan bayi ilişkisi talep ediyor. Bu ilişkiyle ${partner}, sizin adınıza Microsoft bulut ürün ve hizmetleri satın alabilir.`,
    dapIncluded:
      'Talep, temsilci yönetici ayrıcalıklarını da içeriyor: iş ortağı Microsoft hizmetlerinizi yönetebilecek; örneğin lisans atayabilecek ve sizin için destek talebi açabilecek.',
    dapExcluded:
      'Talep, temsilci yönetici ayrıcalıklarını içermiyor: iş ortağı sizin adınıza satın alabilir, ancak hizmetlerinizi yönetemez.',
    indirectReseller: (id) => `Talep, dolaylı bayi ${id} ile birlikte yapılıyor.`,
    partnerMessage: 'İş ortağının mesajı:',
    agreement:
      'Kabul etmek için kiracınızın bir Genel yöneticisinin Microsoft Müşteri Sözleşmesi’ni kabul etmesi gerekir. Mevcut iş ortaklarınız için hiçbir şey değişmez: bir müşteri birden fazla iş ortağıyla çalışabilir.',
    where: (portal) =>
      `Talebi incelemek, kabul etmek veya reddetmek için aşağıdaki bağlantıyı açın. Kabulünüz, ${portal} üzerinden yapılmış gibi kiracınız için kaydedilir.`,
    linkLabel: 'Talebi inceleyin',
    expires: (date) => `Bağlantının geçerlilik süresi ${date} tarihinde sona erer.`,
    ignore: 'Bu iş ortağını tanımıyorsanız aynı sayfada reddedebilir veya bu e-postayı yok sayabilirsiniz.',
  },
  partner: {
    acceptedSubject: (company) => `${company}, bayi ilişkisi talebinizi kabul etti`,
    accepted: (company, by) =>
      `${company}, bayi ilişkisi talebinizi kabul etti (kabul eden: ${by}). Müşteri artık müşteri listenizde görünüyor ve onun adına satın alabilirsiniz.`,
    declinedSubject: (company) => `${company}, bayi ilişkisi talebinizi reddetti`,
    declined: (company) => `${company}, bayi ilişkisi talebinizi reddetti.`,
    reason: (reason) => `Belirtilen neden: ${reason}`,
    expiredSubject: (company) => `${company} için gönderdiğiniz bayi ilişkisi talebinin süresi doldu`,
    expired: (company) =>
      `${company}, bayi ilişkisi talebinizi süresi dolmadan yanıtlamadı. İstediğiniz zaman yeni bir talep gönderebilirsiniz.`,
    cancelledSubject: (company) => `${company} için gönderilen bayi ilişkisi talebi iptal edildi`,
    cancelled: (company) => `${company} için gönderilen bayi ilişkisi talebi iptal edildi.`,
    reference: (id) => `Talep numarası: ${id}`,
  },
  confirmation: {
    subject: (partner) => `${partner} ile bayi ilişkisini kabul ettiniz`,
    body: (partner, company) =>
      `Teşekkürler. ${company} artık ${partner} ile bayi ilişkisine sahip ve Microsoft Müşteri Sözleşmesi kabul edildi. ${partner}, sizin adınıza Microsoft bulut ürün ve hizmetleri satın alabilir.`,
    dap: (partner) => `${partner} ayrıca hizmetleriniz için temsilci yönetici ayrıcalıklarına sahip.`,
    where: (portal) => `İş ortağı ilişkilerinizi istediğiniz zaman ${portal} üzerinden inceleyebilirsiniz.`,
  },
  page: {
    title: 'Bayi ilişkisi talebi',
    intro: (partner, company) => `${partner}, ${company} ile bayi ilişkisi kurmak istiyor.`,
    whatGranted: 'Verdiğiniz yetkiler',
    grantReseller: (partner) => `Bayi ilişkisi: ${partner}, sizin adınıza Microsoft bulut ürün ve hizmetleri satın alabilir.`,
    grantDap: 'Temsilci yönetici ayrıcalıkları: iş ortağı Microsoft hizmetlerinizi yönetebilir.',
    noDap: 'Temsilci yönetici ayrıcalıkları talep edilmiyor.',
    agreementHeading: 'Sözleşme',
    agreementText: 'Kabul etmek, şu sözleşmenin kabulünü de içerir:',
    agreementName: 'Microsoft Müşteri Sözleşmesi',
    whereHeading: 'Kaydın yapıldığı yer',
    whereText: (portal) => `Kabulünüz, ${portal} üzerinden yapılmış gibi kiracınız için kaydedilir.`,
    tenant: 'Kiracı',
    expires: (date) => `Bu davetin geçerlilik süresi ${date} tarihinde sona erer.`,
    partnerMessage: 'İş ortağının mesajı',
    acceptHeading: 'Kabul et',
    firstName: 'Ad',
    lastName: 'Soyad',
    email: 'İş e-postası',
    phone: 'Telefon (isteğe bağlı)',
    required: 'zorunlu',
    acceptButton: 'İlişkiyi kabul et',
    declineHeading: 'Reddet',
    reason: 'Neden (isteğe bağlı)',
    declineButton: 'Talebi reddet',
    errorSummary: 'Lütfen şunları düzeltin:',
    status: {
      pending: '',
      accepted: (partner) => `Bu talep kabul edildi. ${partner} artık kuruluşunuzla bayi ilişkisine sahip.`,
      declined: 'Bu talep reddedildi. Hiçbir yetki verilmedi.',
      cancelled: (partner) => `${partner} bu talebi iptal etti. Hiçbir yetki verilmedi.`,
      expired: (date) => `Bu talebin süresi ${date} tarihinde doldu. Hâlâ çalışmak istiyorsanız iş ortağından yeni bir talep isteyin.`,
      rejected: 'Bu talep kullanılamıyor.',
    },
    outcomeAccepted: (partner) =>
      `Teşekkürler. ${partner} ile ilişki kuruldu ve iş ortağı bilgilendirildi. Onay e-postası yolda.`,
    outcomeDeclined: (partner) => `Talebi reddettiniz. ${partner} bilgilendirildi.`,
    notFoundTitle: 'Bu davet bağlantısı geçerli değil',
    notFoundText: 'Bağlantının tamamını e-postadan kopyaladığınızdan emin olun veya iş ortağından daveti yeniden göndermesini isteyin.',
    language: 'Dil',
  },
  attestation: (company) =>
    `${company} adına Microsoft Müşteri Sözleşmesi’ni kabul ediyorum ve kiracının Genel yöneticisi olduğumu onaylıyorum.`,
};

export const messages: Record<Locale, Messages> = { en, tr };
