import { z } from 'zod';

/*
 * Microsoft Entra built-in roles a partner may request in a GDAP (granular delegated admin privileges) relationship.
 * Pure data: imported by workflows, so no Node APIs here.
 *
 * Sources (checked 2026-12):
 * - Template IDs, English names, descriptions and the PRIVILEGED label: "Microsoft Entra built-in roles",
 *   https://learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference
 *   (source file MicrosoftDocs/entra-docs docs/identity/role-based-access-control/permissions-reference.md,
 *   "All roles" table, ms.date 01/20/2026).
 * - Which roles GDAP accepts, and the least-privileged role per task: Partner Center "GDAP role guidance",
 *   https://learn.microsoft.com/partner-center/customers/gdap-least-privileged-roles-by-task
 *   (source file kvamseek/partner-center gdap-least-privileged-roles-by-task.md: tier-1 technician table,
 *   least-privileged role by task table, roles by complexity table), and Partner Center "Workloads supported by GDAP",
 *   https://learn.microsoft.com/partner-center/customers/gdap-supported-workloads (kvamseek/partner-center gdap-supported-workloads.md).
 * - Cross-check of every ID against a GDAP tool's list of GDAP-compatible roles (it leaves out roles GDAP refuses):
 *   KelvinTegelaar/CIPP src/data/GDAPRoles.json (Global Administrator appears there under its API name "Company Administrator",
 *   Fabric Administrator under its former name "Power BI Administrator").
 * - Global Administrator and auto-extend: Partner Center "Extend granular delegated admin privileges"
 *   ("Don't autoextend GDAP with Global Administrator"),
 *   https://learn.microsoft.com/partner-center/customers/expiring-gdap-relationships-and-auto-extend-gdap
 */

export interface EntraRole {
  /** The role's template ID (= roleDefinitionId in a delegatedAdminRelationship's accessDetails.unifiedRoles). */
  readonly templateId: string;
  readonly name: string;
  readonly nameTr: string;
  readonly description: string;
  readonly descriptionTr: string;
  /** Marked PRIVILEGED in the Microsoft Entra built-in roles reference. */
  readonly privileged: boolean;
  /** Partner Center accepts the role in a GDAP relationship; true for every role in this table. */
  readonly gdap: true;
  /** A relationship holding this role may be set to auto-extend; false only for Global Administrator. */
  readonly autoExtendable: boolean;
}

type Row = Omit<EntraRole, 'gdap' | 'autoExtendable'>;

export const globalAdministratorRoleId = '62e90394-69f5-4237-9190-012177145e10';

const rows: readonly Row[] = [
  {
    templateId: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    name: 'Application Administrator',
    nameTr: 'Uygulama Yöneticisi',
    description: 'Can create and manage all aspects of app registrations and enterprise apps.',
    descriptionTr: 'Uygulama kayıtlarının ve kurumsal uygulamaların tüm yönlerini oluşturabilir ve yönetebilir.',
    privileged: true,
  },
  {
    templateId: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
    name: 'Authentication Administrator',
    nameTr: 'Kimlik Doğrulama Yöneticisi',
    description: 'Can view, set and reset authentication method information for any non-admin user.',
    descriptionTr: 'Yönetici olmayan tüm kullanıcıların kimlik doğrulama yöntemi bilgilerini görüntüleyebilir, ayarlayabilir ve sıfırlayabilir.',
    privileged: true,
  },
  {
    templateId: '0526716b-113d-4c15-b2c8-68e3c22b9f80',
    name: 'Authentication Policy Administrator',
    nameTr: 'Kimlik Doğrulama İlkesi Yöneticisi',
    description:
      'Can create and manage the authentication methods policy, tenant-wide MFA settings, password protection policy, and verifiable credentials.',
    descriptionTr:
      'Kimlik doğrulama yöntemleri ilkesini, kiracı genelindeki MFA ayarlarını, parola koruma ilkesini ve doğrulanabilir kimlik bilgilerini oluşturabilir ve yönetebilir.',
    privileged: false,
  },
  {
    templateId: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
    name: 'Billing Administrator',
    nameTr: 'Faturalama Yöneticisi',
    description: 'Can perform common billing related tasks like updating payment information.',
    descriptionTr: 'Ödeme bilgilerini güncelleştirme gibi yaygın faturalama görevlerini gerçekleştirebilir.',
    privileged: false,
  },
  {
    templateId: '892c5842-a9a6-463a-8041-72aa08ca3cf6',
    name: 'Cloud App Security Administrator',
    nameTr: 'Cloud App Security Yöneticisi',
    description: 'Can manage all aspects of the Defender for Cloud Apps product.',
    descriptionTr: 'Defender for Cloud Apps ürününün tüm yönlerini yönetebilir.',
    privileged: false,
  },
  {
    templateId: '158c047a-c907-4556-b7ef-446551a6b5f7',
    name: 'Cloud Application Administrator',
    nameTr: 'Bulut Uygulaması Yöneticisi',
    description: 'Can create and manage all aspects of app registrations and enterprise apps except App Proxy.',
    descriptionTr: 'Uygulama ara sunucusu dışında, uygulama kayıtlarının ve kurumsal uygulamaların tüm yönlerini oluşturabilir ve yönetebilir.',
    privileged: true,
  },
  {
    templateId: '7698a772-787b-4ac8-901f-60d6b08affd2',
    name: 'Cloud Device Administrator',
    nameTr: 'Bulut Cihaz Yöneticisi',
    description: 'Has limited access to manage devices in Microsoft Entra ID.',
    descriptionTr: 'Microsoft Entra ID’deki cihazları yönetmek için sınırlı erişime sahiptir.',
    privileged: true,
  },
  {
    templateId: '17315797-102d-40b4-93e0-432062caca18',
    name: 'Compliance Administrator',
    nameTr: 'Uyumluluk Yöneticisi',
    description: 'Can read and manage compliance configuration and reports in Microsoft Entra ID and Microsoft 365.',
    descriptionTr: 'Microsoft Entra ID ve Microsoft 365’teki uyumluluk yapılandırmasını ve raporlarını okuyabilir ve yönetebilir.',
    privileged: false,
  },
  {
    templateId: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
    name: 'Conditional Access Administrator',
    nameTr: 'Koşullu Erişim Yöneticisi',
    description: 'Can manage Conditional Access capabilities.',
    descriptionTr: 'Koşullu Erişim özelliklerini yönetebilir.',
    privileged: true,
  },
  {
    templateId: '88d8e3e3-8f55-4a1e-953a-9b9898b8876b',
    name: 'Directory Readers',
    nameTr: 'Dizin Okuyucuları',
    description: 'Can read basic directory information.',
    descriptionTr: 'Temel dizin bilgilerini okuyabilir.',
    privileged: false,
  },
  {
    templateId: '9360feb5-f418-4baa-8175-e2a00bac4301',
    name: 'Directory Writers',
    nameTr: 'Dizin Yazarları',
    description: 'Can read and write basic directory information.',
    descriptionTr: 'Temel dizin bilgilerini okuyabilir ve yazabilir.',
    privileged: true,
  },
  {
    templateId: '8329153b-31d0-4727-b945-745eb3bc5f31',
    name: 'Domain Name Administrator',
    nameTr: 'Etki Alanı Adı Yöneticisi',
    description: 'Can manage domain names in cloud and on-premises.',
    descriptionTr: 'Buluttaki ve şirket içindeki etki alanı adlarını yönetebilir.',
    privileged: true,
  },
  {
    templateId: '44367163-eba1-44c3-98af-f5787879f96a',
    name: 'Dynamics 365 Administrator',
    nameTr: 'Dynamics 365 Yöneticisi',
    description: 'Can manage all aspects of the Dynamics 365 product.',
    descriptionTr: 'Dynamics 365 ürününün tüm yönlerini yönetebilir.',
    privileged: false,
  },
  {
    templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de',
    name: 'Exchange Administrator',
    nameTr: 'Exchange Yöneticisi',
    description: 'Can manage all aspects of the Exchange product.',
    descriptionTr: 'Exchange ürününün tüm yönlerini yönetebilir.',
    privileged: false,
  },
  {
    templateId: '31392ffb-586c-42d1-9346-e59415a2cc4e',
    name: 'Exchange Recipient Administrator',
    nameTr: 'Exchange Alıcı Yöneticisi',
    description: 'Can create or update Exchange Online recipients within the Exchange Online organization.',
    descriptionTr: 'Exchange Online kuruluşundaki Exchange Online alıcılarını oluşturabilir veya güncelleştirebilir.',
    privileged: false,
  },
  {
    templateId: 'a9ea8996-122f-4c74-9520-8edcd192826c',
    name: 'Fabric Administrator',
    nameTr: 'Fabric Yöneticisi',
    description: 'Can manage all aspects of the Fabric and Power BI products.',
    descriptionTr: 'Fabric ve Power BI ürünlerinin tüm yönlerini yönetebilir.',
    privileged: false,
  },
  {
    templateId: globalAdministratorRoleId,
    name: 'Global Administrator',
    nameTr: 'Genel Yönetici',
    description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.',
    descriptionTr: 'Microsoft Entra ID’nin ve Microsoft Entra kimliklerini kullanan Microsoft hizmetlerinin tüm yönlerini yönetebilir.',
    privileged: true,
  },
  {
    templateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    name: 'Global Reader',
    nameTr: 'Genel Okuyucu',
    description: 'Can read everything that a Global Administrator can, but not update anything.',
    descriptionTr: 'Genel Yöneticinin okuyabildiği her şeyi okuyabilir, ancak hiçbir şeyi güncelleştiremez.',
    privileged: true,
  },
  {
    templateId: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
    name: 'Groups Administrator',
    nameTr: 'Gruplar Yöneticisi',
    description:
      'Can create and manage groups and group settings like naming and expiration policies, and view groups activity and audit reports.',
    descriptionTr:
      'Grupları ve adlandırma ile süre sonu ilkeleri gibi grup ayarlarını oluşturup yönetebilir, grup etkinliği ve denetim raporlarını görüntüleyebilir.',
    privileged: false,
  },
  {
    templateId: '95e79109-95c0-4d8e-aee3-d01accf2d47b',
    name: 'Guest Inviter',
    nameTr: 'Konuk Davet Eden',
    description: "Can invite guest users independent of the 'members can invite guests' setting.",
    descriptionTr: '“Üyeler konuk davet edebilir” ayarından bağımsız olarak konuk kullanıcıları davet edebilir.',
    privileged: false,
  },
  {
    templateId: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
    name: 'Helpdesk Administrator',
    nameTr: 'Yardım Masası Yöneticisi',
    description: 'Can reset passwords for non-administrators and Helpdesk Administrators.',
    descriptionTr: 'Yönetici olmayan kullanıcıların ve Yardım Masası Yöneticilerinin parolalarını sıfırlayabilir.',
    privileged: true,
  },
  {
    templateId: '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
    name: 'Hybrid Identity Administrator',
    nameTr: 'Karma Kimlik Yöneticisi',
    description:
      'Can manage Active Directory to Microsoft Entra cloud provisioning, Microsoft Entra Connect, pass-through authentication, password hash synchronization, seamless single sign-on, and federation settings.',
    descriptionTr:
      'Active Directory’den Microsoft Entra’ya bulut sağlamayı, Microsoft Entra Connect’i, doğrudan kimlik doğrulamayı, parola karması eşitlemeyi, sorunsuz çoklu oturum açmayı ve federasyon ayarlarını yönetebilir.',
    privileged: true,
  },
  {
    templateId: '3a2c62db-5318-420d-8d74-23affee5d9d5',
    name: 'Intune Administrator',
    nameTr: 'Intune Yöneticisi',
    description: 'Can manage all aspects of the Intune product.',
    descriptionTr: 'Intune ürününün tüm yönlerini yönetebilir.',
    privileged: true,
  },
  {
    templateId: 'b5a8dcf3-09d5-43a9-a639-8e29ef291470',
    name: 'Knowledge Administrator',
    nameTr: 'Bilgi Yöneticisi',
    description: 'Can configure knowledge, learning, and other intelligent features.',
    descriptionTr: 'Bilgi, öğrenme ve diğer akıllı özellikleri yapılandırabilir.',
    privileged: false,
  },
  {
    templateId: '4d6ac14f-3453-41d0-bef9-a3e0c569773a',
    name: 'License Administrator',
    nameTr: 'Lisans Yöneticisi',
    description: 'Can manage product licenses on users and groups.',
    descriptionTr: 'Kullanıcılara ve gruplara atanan ürün lisanslarını yönetebilir.',
    privileged: false,
  },
  {
    templateId: '790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b',
    name: 'Message Center Reader',
    nameTr: 'İleti Merkezi Okuyucusu',
    description: 'Can read messages and updates for their organization in Office 365 Message Center only.',
    descriptionTr: 'Kuruluşuna ait iletileri ve güncelleştirmeleri yalnızca Office 365 İleti Merkezi’nde okuyabilir.',
    privileged: false,
  },
  {
    templateId: '2b745bdf-0803-4d80-aa65-822c4493daac',
    name: 'Office Apps Administrator',
    nameTr: 'Office Uygulamaları Yöneticisi',
    description:
      "Can manage Office apps cloud services, including policy and settings management, and the 'what's new' feature content published to users' devices.",
    descriptionTr:
      'İlke ve ayar yönetimi ile kullanıcıların cihazlarında yayımlanan “yenilikler” içeriği de dahil olmak üzere Office uygulamalarının bulut hizmetlerini yönetebilir.',
    privileged: false,
  },
  {
    templateId: '966707d0-3269-4727-9be2-8c3a10f19b9d',
    name: 'Password Administrator',
    nameTr: 'Parola Yöneticisi',
    description: 'Can reset passwords for non-administrators and Password Administrators.',
    descriptionTr: 'Yönetici olmayan kullanıcıların ve Parola Yöneticilerinin parolalarını sıfırlayabilir.',
    privileged: true,
  },
  {
    templateId: '11648597-926c-4cf3-9c36-bcebb0ba8dcc',
    name: 'Power Platform Administrator',
    nameTr: 'Power Platform Yöneticisi',
    description: 'Can create and manage all aspects of Microsoft Dynamics 365, Power Apps and Power Automate.',
    descriptionTr: 'Microsoft Dynamics 365, Power Apps ve Power Automate’in tüm yönlerini oluşturabilir ve yönetebilir.',
    privileged: false,
  },
  {
    templateId: '644ef478-e28f-4e28-b9dc-3fdde9aa0b1f',
    name: 'Printer Administrator',
    nameTr: 'Yazıcı Yöneticisi',
    description: 'Can manage all aspects of printers and printer connectors.',
    descriptionTr: 'Yazıcıların ve yazıcı bağlayıcılarının tüm yönlerini yönetebilir.',
    privileged: false,
  },
  {
    templateId: '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
    name: 'Privileged Authentication Administrator',
    nameTr: 'Ayrıcalıklı Kimlik Doğrulama Yöneticisi',
    description: 'Can view, set and reset authentication method information for any user, admin or non-admin.',
    descriptionTr: 'Yönetici olsun olmasın tüm kullanıcıların kimlik doğrulama yöntemi bilgilerini görüntüleyebilir, ayarlayabilir ve sıfırlayabilir.',
    privileged: true,
  },
  {
    templateId: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    name: 'Privileged Role Administrator',
    nameTr: 'Ayrıcalıklı Rol Yöneticisi',
    description: 'Can manage role assignments in Microsoft Entra ID, and all aspects of Privileged Identity Management.',
    descriptionTr: 'Microsoft Entra ID’deki rol atamalarını ve Privileged Identity Management’ın tüm yönlerini yönetebilir.',
    privileged: true,
  },
  {
    templateId: '4a5d8f65-41da-4de4-8968-e035b65339cf',
    name: 'Reports Reader',
    nameTr: 'Rapor Okuyucusu',
    description: 'Can read sign-in and audit reports.',
    descriptionTr: 'Oturum açma ve denetim raporlarını okuyabilir.',
    privileged: false,
  },
  {
    templateId: '194ae4cb-b126-40b2-bd5b-6091b380977d',
    name: 'Security Administrator',
    nameTr: 'Güvenlik Yöneticisi',
    description: 'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.',
    descriptionTr: 'Güvenlik bilgilerini ve raporlarını okuyabilir, Microsoft Entra ID ve Office 365’te yapılandırmayı yönetebilir.',
    privileged: true,
  },
  {
    templateId: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
    name: 'Security Operator',
    nameTr: 'Güvenlik Operatörü',
    description: 'Can create and manage security events.',
    descriptionTr: 'Güvenlik olaylarını oluşturabilir ve yönetebilir.',
    privileged: true,
  },
  {
    templateId: '5d6b6bb7-de71-4623-b4af-96380a352509',
    name: 'Security Reader',
    nameTr: 'Güvenlik Okuyucusu',
    description: 'Can read security information and reports in Microsoft Entra ID and Office 365.',
    descriptionTr: 'Microsoft Entra ID ve Office 365’teki güvenlik bilgilerini ve raporlarını okuyabilir.',
    privileged: true,
  },
  {
    templateId: 'f023fd81-a637-4b56-95fd-791ac0226033',
    name: 'Service Support Administrator',
    nameTr: 'Hizmet Desteği Yöneticisi',
    description: 'Can read service health information and manage support tickets.',
    descriptionTr: 'Hizmet durumu bilgilerini okuyabilir ve destek taleplerini yönetebilir.',
    privileged: false,
  },
  {
    templateId: 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
    name: 'SharePoint Administrator',
    nameTr: 'SharePoint Yöneticisi',
    description: 'Can manage all aspects of the SharePoint service.',
    descriptionTr: 'SharePoint hizmetinin tüm yönlerini yönetebilir.',
    privileged: false,
  },
  {
    templateId: '69091246-20e8-4a56-aa4d-066075b2a7a8',
    name: 'Teams Administrator',
    nameTr: 'Teams Yöneticisi',
    description: 'Can manage the Microsoft Teams service.',
    descriptionTr: 'Microsoft Teams hizmetini yönetebilir.',
    privileged: false,
  },
  {
    templateId: 'baf37b3a-610e-45da-9e62-d9d1e5e8914b',
    name: 'Teams Communications Administrator',
    nameTr: 'Teams İletişim Yöneticisi',
    description: 'Can manage calling and meetings features within the Microsoft Teams service.',
    descriptionTr: 'Microsoft Teams hizmetindeki arama ve toplantı özelliklerini yönetebilir.',
    privileged: false,
  },
  {
    templateId: 'f70938a0-fc10-4177-9e90-2178f8765737',
    name: 'Teams Communications Support Engineer',
    nameTr: 'Teams İletişim Destek Mühendisi',
    description: 'Can troubleshoot communications issues within Teams using advanced tools.',
    descriptionTr: 'Teams’teki iletişim sorunlarını gelişmiş araçlarla giderebilir.',
    privileged: false,
  },
  {
    templateId: 'fcf91098-03e3-41a9-b5ba-6f0ec8188a12',
    name: 'Teams Communications Support Specialist',
    nameTr: 'Teams İletişim Destek Uzmanı',
    description: 'Can troubleshoot communications issues within Teams using basic tools.',
    descriptionTr: 'Teams’teki iletişim sorunlarını temel araçlarla giderebilir.',
    privileged: false,
  },
  {
    templateId: '3d762c5a-1b6c-493f-843e-55a3b42923d4',
    name: 'Teams Devices Administrator',
    nameTr: 'Teams Cihazları Yöneticisi',
    description: 'Can perform management related tasks on Teams certified devices.',
    descriptionTr: 'Teams sertifikalı cihazlarda yönetimle ilgili görevleri gerçekleştirebilir.',
    privileged: false,
  },
  {
    templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    name: 'User Administrator',
    nameTr: 'Kullanıcı Yöneticisi',
    description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.',
    descriptionTr: 'Sınırlı yöneticilerin parolalarını sıfırlamak da dahil olmak üzere kullanıcıların ve grupların tüm yönlerini yönetebilir.',
    privileged: true,
  },
  {
    templateId: '11451d60-acb2-45eb-a7d6-43d0f0125c13',
    name: 'Windows 365 Administrator',
    nameTr: 'Windows 365 Yöneticisi',
    description: 'Can provision and manage all aspects of Cloud PCs.',
    descriptionTr: 'Bulut Bilgisayarları sağlayabilir ve tüm yönlerini yönetebilir.',
    privileged: false,
  },
];

/** The roles a partner may request in a GDAP relationship, in English alphabetical order. */
export const entraRoles: readonly EntraRole[] = Object.freeze(
  rows.map((row) => Object.freeze({ ...row, gdap: true as const, autoExtendable: row.templateId !== globalAdministratorRoleId })),
);

const rolesById: ReadonlyMap<string, EntraRole> = new Map(entraRoles.map((role) => [role.templateId, role]));

/** The role with this template ID (any letter case), or undefined if it is not in the table. */
export const entraRoleById = (templateId: string): EntraRole | undefined => rolesById.get(templateId.trim().toLowerCase());

/** A template ID of a role in the table; accepts any letter case and stores it lower-case, as Graph returns it. */
export const RoleTemplateId = z
  .string()
  .trim()
  .toLowerCase()
  .refine((id) => rolesById.has(id), {
    message: 'must be the template ID of a Microsoft Entra built-in role that GDAP allows, e.g. 729827e3-9c14-49f7-bb1b-9608f156bbb8 (Helpdesk Administrator)',
  });
export type RoleTemplateId = z.infer<typeof RoleTemplateId>;

export interface GdapTaskTemplate {
  readonly id: string;
  readonly name: string;
  readonly nameTr: string;
  readonly roleTemplateIds: readonly string[];
}

const id = (name: string): string => {
  const role = entraRoles.find((candidate) => candidate.name === name);
  if (!role) throw new Error(`no Entra role named ${name}`);
  return role.templateId;
};

/**
 * Least-privileged roles for common partner tasks, after Partner Center's "GDAP role guidance"
 * (least-privileged role by task, and the typical tasks of a tier-1 technician).
 */
export const gdapTaskTemplates: readonly GdapTaskTemplate[] = Object.freeze(
  [
    {
      id: 'reset-passwords',
      name: 'Reset passwords of non-admin users',
      nameTr: 'Yönetici olmayan kullanıcıların parolalarını sıfırlama',
      roleTemplateIds: [id('Password Administrator')],
    },
    {
      id: 'manage-users',
      name: 'Create, update and delete users and groups',
      nameTr: 'Kullanıcı ve grup oluşturma, güncelleştirme ve silme',
      roleTemplateIds: [id('User Administrator')],
    },
    {
      id: 'manage-licenses-billing',
      name: 'Manage licences and billing',
      nameTr: 'Lisansları ve faturalamayı yönetme',
      roleTemplateIds: [id('License Administrator'), id('Billing Administrator')],
    },
    {
      id: 'create-support-tickets',
      name: 'Create support requests with Microsoft',
      nameTr: 'Microsoft’a destek talebi oluşturma',
      roleTemplateIds: [id('Service Support Administrator')],
    },
    {
      id: 'manage-exchange',
      name: 'Manage Exchange Online',
      nameTr: 'Exchange Online’ı yönetme',
      roleTemplateIds: [id('Exchange Administrator')],
    },
    {
      id: 'manage-devices',
      name: 'Enrol and manage devices with Intune',
      nameTr: 'Intune ile cihaz kaydetme ve yönetme',
      roleTemplateIds: [id('Intune Administrator')],
    },
    {
      id: 'read-only-reports',
      name: 'Read-only access and reports',
      nameTr: 'Salt okunur erişim ve raporlar',
      roleTemplateIds: [id('Global Reader'), id('Reports Reader')],
    },
    {
      id: 'manage-teams',
      name: 'Manage Microsoft Teams',
      nameTr: 'Microsoft Teams’i yönetme',
      roleTemplateIds: [id('Teams Administrator')],
    },
    {
      id: 'view-security',
      name: 'View security policies and reports',
      nameTr: 'Güvenlik ilkelerini ve raporlarını görüntüleme',
      roleTemplateIds: [id('Security Reader')],
    },
    {
      id: 'manage-security',
      name: 'Manage security configuration',
      nameTr: 'Güvenlik yapılandırmasını yönetme',
      roleTemplateIds: [id('Security Administrator')],
    },
  ].map((template) => Object.freeze({ ...template, roleTemplateIds: Object.freeze(template.roleTemplateIds) })),
);
