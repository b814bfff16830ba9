import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderInvitationPage, renderNotFoundPage } from '../../content/invitationPage.js';
import { messages } from '../../content/messages.js';
import { renderPartnerRelationshipsPage } from '../../content/partnerRelationshipsPage.js';
import { renderDelegatedAdminRemovedEmail, renderRelationshipEndedEmail } from '../../content/relationshipEmails.js';
import { relationshipMessages } from '../../content/relationshipMessages.js';
import { renderWebhookEndpointDisabled } from '../../content/webhookEmails.js';
import { checkEligibility } from '../../domain/eligibility.js';

/** The visible text of a page or an email's HTML, tags dropped and entities decoded. */
const visibleText = (page: string) =>
  page
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

const partnersPage = (locale: 'en' | 'tr') =>
  visibleText(
    renderPartnerRelationshipsPage({
      locale,
      access: { mode: 'signedIn', userName: 'Olena', csrfToken: 'x', switchUserUrl: '/partner-relationships/sign-in' },
      companyName: 'Kyiv Bakery',
      partners: [{ partnerTenantId: 'partner-tr', partnerName: 'Anatolia Cloud', since: '2026-11-02T00:00:00Z', delegatedAdminPrivileges: true }],
    }),
  );

describe("the customer's partner relationships page", () => {
  test('removing delegated admin privileges leaves the Azure subscriptions the partner provisioned (en)', () => {
    const text = partnersPage('en');
    assert.ok(
      text.includes(
        'If you remove them, Anatolia Cloud will no longer be able to manage your Microsoft services other than the Azure subscriptions it provisioned for you. The reseller relationship will stay, and Anatolia Cloud will be told.',
      ),
      text,
    );
    assert.doesNotMatch(text, /no longer be able to administer your Microsoft services\./);
    assert.match(text, /Start date 2 November 2026 \(UTC\)/);
  });

  test('Turkish: the removal, the intro and the start date in the words of a native reader', () => {
    const text = partnersPage('tr');
    assert.ok(
      text.includes(
        'Kaldırırsanız Anatolia Cloud, sizin için sağladığı Azure abonelikleri dışındaki Microsoft hizmetlerinizi artık yönetemeyecek. Kurumsal bayi ilişkisi devam edecek ve Anatolia Cloud bilgilendirilecek.',
      ),
      text,
    );
    assert.ok(text.includes('Kyiv Bakery kuruluşunun kurumsal bayi ilişkisi bulunan iş ortakları.'));
    assert.match(text, /Başlangıç tarihi 2 Kasım 2026 \(UTC\)/);
  });
});

describe('relationship emails in Turkish', () => {
  test("the customer's notice of an ended relationship", () => {
    const email = renderRelationshipEndedEmail({
      locale: 'tr',
      partnerName: 'Anatolia Cloud',
      customerCompanyName: 'Kyiv Bakery',
      relationshipId: 'rel-1',
      endedAt: '2026-12-01T10:00:00Z',
      reason: '',
      delegatedAdminPrivileges: false,
    });
    assert.match(email.text, /Bu değişikliği beklemiyorduysanız Anatolia Cloud ile iletişime geçin\./);
  });

  test("the partner's notice that a Global administrator removed its delegated admin privileges", () => {
    const email = renderDelegatedAdminRemovedEmail({
      locale: 'tr',
      customerCompanyName: 'Kyiv Bakery',
      customerTenantId: 'kyiv-bakery-ua',
      relationshipId: 'rel-1',
      removedAt: '2026-12-01T10:00:00Z',
      removedBy: 'Olena <olena@kyiv.example>',
    });
    assert.match(email.text, /^Kyiv Bakery \(kyiv-bakery-ua\) kuruluşunun Genel Yöneticilerinden Olena <olena@kyiv\.example>, 1 Aralık 2026 \(UTC\) tarihinde/);
  });
});

describe('the disabled webhook endpoint email', () => {
  const notice = (locale: 'en' | 'tr') =>
    renderWebhookEndpointDisabled({ locale, partnerName: 'Anatolia Cloud', endpointId: 'ep-1', url: 'https://hooks.example/x', failingSince: '2026-12-01T10:00:00Z' });

  test('Turkish: "web kancası uç noktası" and "teslim denemesi", and where the attempts can be seen', () => {
    const email = notice('tr');
    assert.equal(email.subject, 'Bir web kancası uç noktası devre dışı bırakıldı');
    assert.match(email.text, /https:\/\/hooks\.example\/x web kancası uç noktasına 1 Aralık 2026 \(UTC\) tarihinden bu yana hiçbir teslim denemesi başarılı olmadığı için/);
    assert.match(email.text, /Teslim denemeleri, .* GET \/v1\/webhook-endpoints\/\{id\}\/deliveries adresinden görülebilir\./);
    assert.doesNotMatch(email.text, /webhook uç noktası|teslimat/);
  });

  test('English names the endpoint and its delivery attempts', () => {
    const email = notice('en');
    assert.equal(email.subject, 'A webhook endpoint was disabled');
    assert.match(email.text, /delivery attempts/);
  });
});

describe('one English spelling, as on Microsoft pages', () => {
  /** Every string a dictionary yields, calling functions with a placeholder for each fact. */
  const leaves = (value: unknown): string[] => {
    if (typeof value === 'string') return [value];
    if (typeof value === 'function') return [String((value as (...a: string[]) => unknown)('X', 'Y', 'Z', 'W'))];
    return Object.values(value as object).flatMap(leaves);
  };
  const british = /organis|licence|recognis|authoris|\bcancell(ed|ing)\b|honour|behaviour|colour|catalogue/i;

  test('the English texts customers and partners read', () => {
    const eligibility = [
      checkEligibility({ partner: { country: 'TR', cloud: 'public' }, customer: { country: 'DE', cloud: 'public' }, includeDelegatedAdminPrivileges: true, hasResellerRelationship: false }),
      checkEligibility({ partner: { country: 'TR', cloud: 'public' }, customer: { country: 'DE', cloud: 'public' }, includeDelegatedAdminPrivileges: true, hasResellerRelationship: false }, 'add'),
    ].map((verdict) => (verdict.eligible ? '' : verdict.detail));
    const pages = (['pending', 'accepted', 'declined', 'cancelled', 'expired', 'rejected'] as const).map((status) =>
      visibleText(
        renderInvitationPage({
          locale: 'en',
          token: 't',
          status,
          partnerName: 'P',
          customerCompanyName: 'C',
          customerTenantId: 'c',
          cloud: 'public',
          includeDelegatedAdminPrivileges: true,
          expiresAt: '2026-12-25T10:00:00Z',
        }),
      ),
    );
    const texts = [
      ...leaves(messages.en),
      ...leaves(relationshipMessages.en),
      ...pages,
      visibleText(renderNotFoundPage('en')),
      renderWebhookEndpointDisabledText(),
      ...eligibility,
    ];
    for (const text of texts) assert.doesNotMatch(text, british, text);
    assert.ok(texts.some((text) => text.includes('organization')), 'the American spelling is there');
  });
});

const renderWebhookEndpointDisabledText = () =>
  renderWebhookEndpointDisabled({ locale: 'en', partnerName: 'P', endpointId: 'e', url: 'https://x.example', failingSince: '2026-12-01T00:00:00Z' }).text;
