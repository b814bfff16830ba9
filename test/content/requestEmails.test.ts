import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderRequestConfirmation, renderRequestInvitation, renderRequestOutcome } from '../../content/requestEmails.js';
import type { RequestFacts } from '../../domain/relationshipRequest.js';

const request = (changes: { partnerLanguage?: string; customerLanguage?: string; locale?: string } = {}): RequestFacts => ({
  requestId: '0190a0a0-0000-7000-8000-000000000001',
  partnerTenantId: 'partner-tr',
  customerTenantId: 'kyiv-bakery-ua',
  customerEmail: 'it@kyiv.example',
  includeDelegatedAdminPrivileges: true,
  ...(changes.locale && { locale: changes.locale }),
  requestedBy: { userId: 'user-1', email: 'agent@anatolia.example' },
  parties: {
    partner: { name: 'Anatolia Cloud', country: 'TR', cloud: 'public', ...(changes.partnerLanguage && { preferredLanguage: changes.partnerLanguage }) },
    customer: { companyName: 'Kyiv Bakery', country: 'UA', cloud: 'public', ...(changes.customerLanguage && { preferredLanguage: changes.customerLanguage }) },
  },
});
const langOf = (html: string) => /<html lang="([a-z]+)">/.exec(html)?.[1];

describe("emails of a request, each in its reader's language", () => {
  test("the partner's notices follow the partner's language, not the request's or the customer's", () => {
    const turkishPartner = request({ partnerLanguage: 'tr', customerLanguage: 'en', locale: 'en' });
    for (const kind of ['accepted', 'declined', 'expired'] as const) {
      const email = renderRequestOutcome(turkishPartner, { kind, acceptedBy: { name: 'Olena Koval', email: 'olena@kyiv.example' } });
      assert.equal(langOf(email.html), 'tr', kind);
      assert.match(email.subject, /kurumsal bayi ilişkisi/);
    }
    const acceptance = renderRequestOutcome(turkishPartner, { kind: 'accepted', acceptedBy: { name: 'Olena Koval' } });
    assert.match(acceptance.text, /Talep, temsilci yönetici ayrıcalıklarını da içeriyordu\./, "the request's own delegated admin option");
    const withoutDap = renderRequestOutcome({ ...turkishPartner, includeDelegatedAdminPrivileges: false }, { kind: 'accepted', acceptedBy: { name: 'Olena Koval' } });
    assert.match(withoutDap.text, /Talep, temsilci yönetici ayrıcalıklarını içermiyordu:/);
    const englishPartner = request({ partnerLanguage: 'en-US', customerLanguage: 'tr', locale: 'tr' });
    assert.equal(langOf(renderRequestOutcome(englishPartner, { kind: 'declined' }).html), 'en');
  });

  test('a partner language we do not write, or none, falls back to English', () => {
    assert.equal(langOf(renderRequestOutcome(request({ partnerLanguage: 'de', locale: 'tr' }), { kind: 'expired' }).html), 'en');
    assert.equal(langOf(renderRequestOutcome(request({ customerLanguage: 'tr' }), { kind: 'expired' }).html), 'en');
  });

  test("the customer's emails follow the request's language, else the customer's", () => {
    const delivery = { expiresAt: '2026-12-25T10:00:00Z', invitationUrl: 'https://example.test/invitations/a.b' };
    assert.equal(langOf(renderRequestInvitation(request({ partnerLanguage: 'tr', customerLanguage: 'en' }), delivery).html), 'en');
    assert.equal(langOf(renderRequestInvitation(request({ partnerLanguage: 'en', locale: 'tr' }), delivery).html), 'tr');
    assert.equal(langOf(renderRequestConfirmation(request({ partnerLanguage: 'en', customerLanguage: 'tr' })).html), 'tr');
  });

  test('a Turkish invitation names the portal by its Turkish name', () => {
    const delivery = { expiresAt: '2026-12-25T10:00:00Z', invitationUrl: 'https://example.test/invitations/a.b' };
    const email = renderRequestInvitation(request({ customerLanguage: 'tr' }), delivery);
    assert.match(email.text, /Microsoft 365 yönetim merkezi üzerinden kabul edilir/);
    assert.doesNotMatch(email.text, /admin center/);
  });
});
