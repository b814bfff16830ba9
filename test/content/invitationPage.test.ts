import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { renderInvitationPage, renderNotFoundPage, type InvitationPageView } from '../../content/invitationPage.js';

const view = (changes: Partial<InvitationPageView> = {}): InvitationPageView => ({
  locale: 'en',
  token: 'abc.def',
  status: 'pending',
  partnerName: 'Anatolia Cloud',
  customerCompanyName: 'Kyiv Bakery',
  customerTenantId: 'kyiv-bakery-ua',
  cloud: 'public',
  includeDelegatedAdminPrivileges: true,
  expiresAt: '2026-12-25T10:00:00Z',
  ...changes,
});

const ids = (page: string) => [...page.matchAll(/<(?:input|textarea)[^>]* id="([^"]+)"/g)].map((m) => m[1]);

describe('the invitation page', () => {
  for (const locale of ['en', 'tr'] as const) {
    for (const status of ['pending', 'accepted', 'declined', 'cancelled', 'expired', 'rejected'] as const) {
      test(`${locale}, ${status}: language set, no scripts or inline styles, forms only when pending`, () => {
        const page = renderInvitationPage(view({ locale, status }));
        assert.match(page, new RegExp(`<html lang="${locale}">`));
        assert.doesNotMatch(page, /<script|style=|<style/);
        assert.equal(page.includes('action="/invitations/abc.def/accept'), status === 'pending');
        assert.equal(page.includes('action="/invitations/abc.def/decline'), status === 'pending');
        assert.match(page, /Anatolia Cloud/);
      });
    }
  }

  test('every field has a label, and required ones say so', () => {
    const page = renderInvitationPage(view());
    const fieldIds = ids(page);
    assert.deepEqual(fieldIds, ['firstName', 'lastName', 'email', 'phone', 'acceptAgreement', 'reason']);
    for (const id of fieldIds) assert.match(page, new RegExp(`<label for="${id}"`), `no label for ${id}`);
    assert.match(page, /id="acceptAgreement"[^>]*required aria-required="true"/);
    assert.doesNotMatch(page, /id="phone"[^>]*required/);
  });

  test('names what is granted, the agreement with its link, the expiry and the portal', () => {
    const page = renderInvitationPage(view({ cloud: 'usgov', includeDelegatedAdminPrivileges: false }));
    assert.match(page, /reseller relationship/);
    assert.match(page, /No delegated admin privileges/);
    assert.match(page, /href="https:\/\/www\.microsoft\.com\/licensing\/docs\/customeragreement" rel="noopener noreferrer"/);
    assert.match(page, /25 December 2026/);
    assert.match(page, /Microsoft Office admin portal/);
    assert.match(page, /Global administrator of its tenant/);
  });

  test('the Turkish page is in Turkish', () => {
    const page = renderInvitationPage(view({ locale: 'tr' }));
    assert.match(page, /Bayi ilişkisi talebi/);
    assert.match(page, /İlişkiyi kabul et/);
    assert.match(page, /25 Aralık 2026/);
  });

  test('errors are announced and tied to their fields, values kept', () => {
    const page = renderInvitationPage(view({ errors: { email: 'must be an email address' }, values: { firstName: 'Olena', email: 'nope' } }));
    assert.match(page, /role="alert"/);
    assert.match(page, /id="email"[^>]*aria-invalid="true" aria-describedby="email-error"/);
    assert.match(page, /id="firstName"[^>]*value="Olena"/);
  });

  test('hostile values are escaped', () => {
    const page = renderInvitationPage(view({ partnerName: '<script>x()</script>', message: '"><img src=x>', values: { firstName: '"><b>' } }));
    assert.doesNotMatch(page, /<script>x|<img src=x|"><b>/);
  });

  test('a confirmation follows the customer\'s own decision', () => {
    assert.match(renderInvitationPage(view({ status: 'accepted', outcome: 'accepted' })), /role="status">Thank you/);
  });

  test('the not-found page says the link is not valid', () => {
    assert.match(renderNotFoundPage('en'), /not valid/);
    assert.match(renderNotFoundPage('tr'), /geçerli değil/);
  });
});
