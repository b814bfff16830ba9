import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderCustomerConfirmation, renderInvitationEmail, renderPartnerNotice, type InvitationContent } from '../../content/emails.js';
import { pickLocale } from '../../content/locales.js';

const invitation = (changes: Partial<InvitationContent> = {}): InvitationContent => ({
  locale: 'en',
  partnerName: 'Anatolia Cloud',
  customerCompanyName: 'Kyiv Bakery',
  customerTenantId: 'kyiv-bakery-ua',
  cloud: 'public',
  includeDelegatedAdminPrivileges: true,
  invitationUrl: 'https://example.test/invitations/abc.def',
  expiresAt: '2026-12-25T10:00:00Z',
  ...changes,
});

describe('the invitation email', () => {
  const cases = [
    { locale: 'en', reseller: /reseller relationship/, mca: /Microsoft Customer Agreement/, expiry: /25 December 2026/, admin: /Global administrator/ },
    { locale: 'tr', reseller: /bayi ilişkisi/, mca: /Microsoft Müşteri Sözleşmesi/, expiry: /25 Aralık 2026/, admin: /Genel yönetici/ },
  ] as const;
  for (const expected of cases) {
    for (const cloud of ['public', 'usgov'] as const) {
      test(`${expected.locale}, ${cloud}: names partner, relationship, agreement, link, portal and expiry`, () => {
        const email = renderInvitationEmail(invitation({ locale: expected.locale, cloud }));
        for (const body of [email.text, email.html]) {
          assert.match(body, /Anatolia Cloud/);
          assert.match(body, expected.reseller);
          assert.match(body, expected.mca);
          assert.match(body, expected.admin);
          assert.match(body, /https:\/\/example\.test\/invitations\/abc\.def/);
          assert.match(body, expected.expiry);
          assert.match(body, cloud === 'usgov' ? /Microsoft Office admin portal/ : /Microsoft 365 admin center/);
        }
        assert.match(email.subject, /Anatolia Cloud/);
      });
    }
  }

  test('says whether delegated admin privileges are included', () => {
    const withDap = renderInvitationEmail(invitation({ includeDelegatedAdminPrivileges: true })).text;
    const withoutDap = renderInvitationEmail(invitation({ includeDelegatedAdminPrivileges: false })).text;
    assert.match(withDap, /includes delegated admin privileges/);
    assert.match(withoutDap, /does not include delegated admin privileges/);
  });

  test('a reminder says so in its subject', () => {
    assert.match(renderInvitationEmail(invitation(), { reminderNumber: 2 }).subject, /^Reminder 2:/);
    assert.match(renderInvitationEmail(invitation({ locale: 'tr' }), { reminderNumber: 1 }).subject, /^Hatırlatma 1:/);
  });

  test('quotes the partner message and names the indirect reseller', () => {
    const email = renderInvitationEmail(invitation({ message: 'Looking forward!', indirectResellerId: 'reseller-42' }));
    assert.match(email.text, /> Looking forward!/);
    assert.match(email.text, /reseller-42/);
  });

  test('escapes hostile values in HTML and keeps them as text in plain text', () => {
    const hostile = '<script>alert(1)</script>';
    const email = renderInvitationEmail(invitation({ partnerName: hostile, message: '<img src=x onerror=alert(1)>' }));
    assert.doesNotMatch(email.html, /<script>|<img src=x/);
    assert.match(email.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(email.text, /<script>alert\(1\)<\/script>/);
  });
});

describe('partner notices and the customer confirmation', () => {
  for (const kind of ['accepted', 'declined', 'expired', 'cancelled'] as const) {
    test(`${kind} notice names the customer and the request`, () => {
      const email = renderPartnerNotice({
        locale: 'en',
        kind,
        partnerName: 'Anatolia Cloud',
        customerCompanyName: 'Kyiv Bakery',
        customerTenantId: 'kyiv-bakery-ua',
        requestId: 'req-1',
        acceptedBy: { firstName: 'Olena', lastName: 'S', email: 'olena@kyiv.example' },
      });
      assert.match(email.subject, new RegExp(`Kyiv Bakery.*${kind === 'expired' ? 'expired' : kind}|${kind}.*Kyiv Bakery`));
      assert.match(email.text, /req-1/);
    });
  }
  test('the decline reason reaches the partner', () => {
    const email = renderPartnerNotice({
      locale: 'tr', kind: 'declined', partnerName: 'P', customerCompanyName: 'C', customerTenantId: 'c', requestId: 'r', reason: 'Gerek yok',
    });
    assert.match(email.text, /Belirtilen neden: Gerek yok/);
  });
  test('the confirmation names the portal of the cloud and the delegated admin grant', () => {
    const email = renderCustomerConfirmation({ locale: 'en', partnerName: 'Liberty', customerCompanyName: 'Austin', includeDelegatedAdminPrivileges: true, cloud: 'usgov' });
    assert.match(email.text, /Microsoft Office admin portal/);
    assert.match(email.text, /delegated admin privileges/);
  });
});

describe('locale choice', () => {
  test('takes the first supported primary language', () => {
    assert.equal(pickLocale('tr-TR'), 'tr');
    assert.equal(pickLocale(undefined, 'de', 'TR'), 'tr');
    assert.equal(pickLocale('fr-FR', null), 'en');
    assert.equal(pickLocale(), 'en');
  });
});
