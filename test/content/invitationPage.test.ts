import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { attestationText, attestationVersion } from '../../domain/agreement.js';
import {
  fieldErrorText,
  invitationPageCss,
  renderInvitationPage,
  renderNotFoundPage,
  type InvitationPageView,
} from '../../content/invitationPage.js';

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

const locales = ['en', 'tr'] as const;
const portalNames = {
  en: { public: 'Microsoft 365 admin center', usgov: 'Microsoft Office admin portal' },
  tr: { public: 'Microsoft 365 yönetim merkezi', usgov: 'Microsoft Office Yönetici portalı' },
} as const;
const allPortalNames: string[] = Object.values(portalNames).flatMap((names) => Object.values(names));
const statuses = ['pending', 'accepted', 'declined', 'cancelled', 'expired', 'rejected'] as const;
const fieldIds = (page: string) => [...page.matchAll(/<(?:input|textarea|select)\b[^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
const tags = (page: string, name: string) => [...page.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'g'))].map((m) => m[0]);
/** The page's visible text, roughly: tags dropped and entities decoded. */
const visibleText = (page: string) =>
  page
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

/** Checks that hold on every page: CSP-safe, labelled, one h1, language switch. */
function assertWellFormed(page: string, locale: 'en' | 'tr') {
  assert.match(page, /^<!doctype html>/);
  assert.match(page, new RegExp(`<html lang="${locale}">`));
  assert.doesNotMatch(page, /<script|\sstyle=|<style|\son[a-z]+=/i, 'no script, inline style or handler: the CSP forbids them');
  assert.match(page, /<link rel="stylesheet" href="\/assets\/invitation\.css">/);
  assert.equal(tags(page, 'h1').length, 1);
  assert.match(page, /<meta name="viewport"/);
  for (const id of fieldIds(page)) assert.match(page, new RegExp(`<label for="${id}"`), `no label for ${id}`);
  for (const code of ['en', 'tr']) {
    const link = tags(page, 'a').find((a) => a.includes(`hreflang="${code}"`));
    assert.ok(link, `no link to ${code}`);
    assert.match(link, new RegExp(`href="[^"]*\\?lang=${code}"`));
    assert.equal(link.includes('aria-current="true"'), code === locale, `aria-current on ${code}`);
  }
}

describe('the invitation page', () => {
  for (const locale of locales) {
    for (const status of statuses) {
      for (const cloud of ['public', 'usgov'] as const) {
        test(`${locale}, ${status}, ${cloud}: well formed; forms, names and the portal only while pending`, () => {
          const page = renderInvitationPage(view({ locale, status, cloud, message: 'Call Ayşe on +90 555', indirectResellerId: 'reseller-42' }));
          assertWellFormed(page, locale);
          const pending = status === 'pending';
          assert.equal(page.includes(`<form method="post" action="/invitations/abc.def/accept?lang=${locale}"`), pending);
          assert.equal(page.includes(`<form method="post" action="/invitations/abc.def/decline?lang=${locale}"`), pending);
          assert.equal(tags(page, 'form').length, pending ? 2 : 0);
          assert.equal(tags(page, 'input').length, pending ? 5 : 0);
          // Once closed, whoever holds the link learns the state and nothing personal.
          for (const personal of ['Anatolia Cloud', 'Kyiv Bakery', 'kyiv-bakery-ua', 'Call Ayşe', 'reseller-42']) {
            assert.equal(page.includes(personal), pending, `${personal} ${pending ? 'missing' : 'shown'}`);
          }
          const portal = portalNames[locale][cloud];
          assert.equal(page.includes(portal), pending, `names ${portal}`);
          for (const name of allPortalNames.filter((other) => other !== portal)) assert.ok(!page.includes(name), `names ${name}`);
          assert.equal(/href="https:\/\/www\.microsoft\.com\/licensing\/docs\/customeragreement" rel="noopener noreferrer"/.test(page), pending);
          assert.equal(page.includes('role="status"'), !pending, 'a non-pending page says what happened');
        });
      }
    }
  }

  /** A closed page: the state with its date, then what to do next, and nothing else after the title. */
  const statusTexts = {
    en: {
      accepted: 'This request was accepted on 3 December 2026 (UTC). The reseller relationship is in place. There is nothing more to do here.',
      declined: 'This request was declined on 3 December 2026 (UTC). Nothing was granted. If you change your mind, ask the partner to send a new request.',
      cancelled: 'The partner canceled this request on 3 December 2026 (UTC). Nothing was granted. There is nothing for you to do.',
      expired:
        'This request expired on 25 December 2026 (UTC). Nothing was granted. If you still want to work with this partner, ask the partner to send a new request.',
      rejected: 'This request is not available. Nothing was granted. There is nothing for you to do.',
    },
    tr: {
      accepted: 'Bu talep 3 Aralık 2026 (UTC) tarihinde kabul edildi. Kurumsal bayi ilişkisi kuruldu. Burada yapmanız gereken başka bir şey yok.',
      declined:
        'Bu talep 3 Aralık 2026 (UTC) tarihinde reddedildi. Hiçbir yetki verilmedi. Fikrinizi değiştirirseniz iş ortağından yeni bir talep göndermesini isteyin.',
      cancelled: 'İş ortağı bu talebi 3 Aralık 2026 (UTC) tarihinde iptal etti. Hiçbir yetki verilmedi. Yapmanız gereken bir şey yok.',
      expired:
        'Bu talebin süresi 25 Aralık 2026 (UTC) tarihinde doldu. Hiçbir yetki verilmedi. Bu iş ortağıyla yine de çalışmak istiyorsanız iş ortağından yeni bir talep göndermesini isteyin.',
      rejected: 'Bu talep geçerli değil. Hiçbir yetki verilmedi. Yapmanız gereken bir şey yok.',
    },
  } as const;
  for (const locale of locales) {
    for (const status of ['accepted', 'declined', 'cancelled', 'expired', 'rejected'] as const) {
      test(`${locale}, ${status}: says the state, its date and what to do next, and only that`, () => {
        const page = renderInvitationPage(view({ locale, status, closedAt: '2026-12-03T08:00:00Z' }));
        const title = locale === 'en' ? 'Reseller relationship request' : 'Kurumsal bayi ilişkisi talebi';
        const main = visibleText(page.slice(page.indexOf('<main')));
        assert.equal(main.trim(), `${title} ${statusTexts[locale][status]}`);
        assert.match(page, new RegExp(`<title>${title}</title>`), 'the title names no partner');
      });
    }
  }

  const named = {
    en: {
      title: /<h1>Reseller relationship request<\/h1>/,
      intro: /Anatolia Cloud asks Kyiv Bakery for a reseller relationship\./,
      organization: /Organization Kyiv Bakery/,
      others: /Your other partner relationships stay as they are: an organization may work with several partners\./,
      indirect: /The request was made through the indirect reseller reseller-42\./,
      reseller: /A reseller relationship: Anatolia Cloud may buy Microsoft cloud products and services/,
      dapYes: /Delegated admin privileges: Anatolia Cloud may also administer your Microsoft services/,
      dapNo: /No delegated admin privileges: Anatolia Cloud can manage the Azure subscriptions it provisions for you/,
      managesNothing: /not be able to administer your Microsoft services/,
      agreement: /Accepting includes accepting the Microsoft Customer Agreement .*Global administrator of your tenant/,
      expiry: /25 December 2026 \(UTC\)/,
      where: /partner requests are accepted in the Microsoft Office admin portal/,
      button: /Accept the relationship/,
      decline: /Decline the request/,
    },
    tr: {
      title: /<h1>Kurumsal bayi ilişkisi talebi<\/h1>/,
      intro: /Anatolia Cloud, Kyiv Bakery ile kurumsal bayi ilişkisi kurmak istiyor\./,
      organization: /Kuruluş Kyiv Bakery/,
      others: /Diğer iş ortaklarınızla ilişkileriniz değişmez; bir kuruluş birden fazla iş ortağıyla çalışabilir\./,
      indirect: /Talep, dolaylı kurumsal bayi reseller-42 aracılığıyla yapıldı\./,
      reseller: /Kurumsal bayi ilişkisi: Anatolia Cloud, kuruluşunuz adına Microsoft bulut ürünlerini ve hizmetlerini satın alabilir/,
      dapYes: /Temsilci yönetici ayrıcalıkları: Anatolia Cloud, Microsoft hizmetlerinizi de yönetebilir/,
      dapNo: /Temsilci yönetici ayrıcalıkları yok: Anatolia Cloud, sizin için sağladığı Azure aboneliklerini yönetebilir/,
      managesNothing: /(?<!diğer )Microsoft hizmetlerinizi yönetemez/,
      agreement: /Talebi kabul ederek Microsoft Müşteri Sözleşmesi\s?’ni de kabul etmiş olursunuz\. Sözleşmeyi yalnızca kiracınızdaki bir Genel Yönetici kabul edebilir\./,
      expiry: /25 Aralık 2026 \(UTC\)/,
      where: /Kullandığınız bulutta iş ortağı talepleri Microsoft Office Yönetici portalı üzerinden kabul edilir/,
      button: /İlişkiyi kabul et/,
      decline: /Talebi reddet/,
    },
  } as const;
  for (const locale of locales) {
    test(`${locale}: names what is granted, the agreement, the expiry and the US Government portal`, () => {
      const words = named[locale];
      const withDap = renderInvitationPage(view({ locale, cloud: 'usgov', indirectResellerId: 'reseller-42' }));
      const withoutDap = renderInvitationPage(view({ locale, includeDelegatedAdminPrivileges: false }));
      const text = visibleText(withDap);
      assert.match(withDap, words.title);
      for (const pattern of [words.intro, words.organization, words.reseller, words.dapYes, words.others, words.indirect, words.agreement, words.expiry, words.where, words.button, words.decline]) {
        assert.match(text, pattern);
      }
      assert.doesNotMatch(visibleText(withoutDap), words.indirect, 'no indirect reseller, no line about one');
      assert.match(visibleText(withoutDap), words.others, 'as the email says, other partner relationships stay');
      assert.doesNotMatch(text, words.dapNo);
      assert.match(visibleText(withoutDap), words.dapNo);
      assert.doesNotMatch(visibleText(withoutDap), words.dapYes);
      assert.doesNotMatch(visibleText(withoutDap), words.managesNothing, 'without delegated admin privileges the partner still manages its Azure subscriptions');
      assert.ok(text.includes(attestationText(locale, 'Kyiv Bakery')), 'the checkbox label is the attestation');
    });
  }

  test('the attestation covers the agreement, the company and the Global administrator role, versioned', () => {
    assert.equal(attestationVersion, '2026-12');
    assert.equal(
      attestationText('en', 'Kyiv Bakery'),
      'I accept the Microsoft Customer Agreement on behalf of Kyiv Bakery, and I confirm that I am a Global administrator of its tenant.',
    );
    assert.equal(
      attestationText('tr', 'Kyiv Bakery'),
      'Kyiv Bakery adına Microsoft Müşteri Sözleşmesi’ni kabul ediyorum ve bu kuruluşun kiracısında Genel Yönetici olduğumu onaylıyorum.',
    );
  });

  test('the form: fields in order, each labelled, required ones marked, one required checkbox', () => {
    const page = renderInvitationPage(view());
    assert.deepEqual(fieldIds(page), ['firstName', 'lastName', 'email', 'phone', 'acceptAgreement', 'reason']);
    const input = (id: string) => tags(page, 'input').find((tag) => tag.includes(`id="${id}"`)) ?? '';
    for (const id of ['firstName', 'lastName', 'email']) {
      assert.match(input(id), new RegExp(`name="${id}"`));
      assert.match(input(id), /required aria-required="true"/);
    }
    assert.match(input('email'), /type="email"/);
    assert.match(input('phone'), /type="tel"/);
    assert.doesNotMatch(input('phone'), /required/);
    assert.match(input('acceptAgreement'), /type="checkbox" value="true"/);
    assert.match(input('acceptAgreement'), /name="acceptAgreement"/);
    assert.match(input('acceptAgreement'), /required aria-required="true"/);
    assert.equal(tags(page, 'input').filter((tag) => tag.includes('type="checkbox"')).length, 1);
    assert.match(page, /<textarea id="reason" name="reason"[^>]*>/);
    assert.doesNotMatch(tags(page, 'textarea')[0] ?? '', /required/);
    assert.match(page, /<button type="submit" class="primary">Accept the relationship<\/button>/);
    assert.ok(page.indexOf('id="acceptAgreement"') < page.indexOf('class="primary"'), 'the checkbox comes before its button');
    assert.ok(page.indexOf('/accept?') < page.indexOf('/decline?'), 'accept comes before decline');
  });

  for (const locale of locales) {
    test(`${locale}: errors are summarised at the top, announced, tied to their fields, values kept`, () => {
      const page = renderInvitationPage(
        view({
          locale,
          errors: { email: 'must be an email address', acceptAgreement: 'must be checked', '(body)': 'Something else' },
          values: { firstName: 'Ayşe', email: 'nope', reason: 'Maybe later' },
        }),
      );
      assertWellFormed(page, locale);
      const main = page.slice(page.indexOf('<main'));
      assert.match(main, /^<main class="card">\s*<div class="error-summary" role="alert"/, 'the summary opens the page');
      const summary = main.slice(0, main.indexOf('</div>'));
      assert.ok(summary.indexOf(fieldErrorText(locale, 'email')) < summary.indexOf(fieldErrorText(locale, 'acceptAgreement')), 'in form order');
      assert.match(summary, /<a href="#email">/);
      assert.match(summary, /<a href="#acceptAgreement">/);
      assert.match(summary, /<li>Something else<\/li>/, 'an error for no field is still listed');
      assert.match(page, /id="email"[^>]*aria-invalid="true" aria-describedby="email-error"/);
      assert.match(page, /id="acceptAgreement"[^>]*aria-invalid="true" aria-describedby="acceptAgreement-error"/);
      assert.match(page, new RegExp(`<p class="error" id="email-error">${fieldErrorText(locale, 'email')}</p>`));
      assert.match(page, /<p class="error" id="acceptAgreement-error">/);
      assert.doesNotMatch(page, /id="firstName"[^>]*aria-invalid/);
      assert.match(page, /id="firstName"[^>]*value="Ayşe"/);
      assert.match(page, /id="email"[^>]*value="nope"/);
      assert.match(page, /<textarea id="reason"[^>]*>Maybe later<\/textarea>/);
    });
  }

  test('the English checkbox error names the agreement', () => {
    assert.match(fieldErrorText('en', 'acceptAgreement'), /Microsoft Customer Agreement/);
    assert.match(fieldErrorText('tr', 'acceptAgreement'), /Microsoft Müşteri Sözleşmesi/);
  });

  test('the decline field is a reason for declining, and its error a statement about it', () => {
    const page = renderInvitationPage(view({ locale: 'tr' }));
    assert.match(page, /<label for="reason">Ret gerekçesi <span class="hint">/);
    assert.equal(fieldErrorText('tr', 'reason'), 'Gerekçe en fazla 500 karakter olabilir.');
    assert.match(renderInvitationPage(view()), /<label for="reason">Reason for declining <span class="hint">/);
  });

  test('no error summary without errors, nor on a closed request', () => {
    assert.doesNotMatch(renderInvitationPage(view()), /role="alert"/);
    assert.doesNotMatch(renderInvitationPage(view({ status: 'expired', errors: { email: 'x' } })), /role="alert"/);
  });

  test('hostile values are escaped everywhere', () => {
    const hostile = '<script>alert(1)</script>';
    const page = renderInvitationPage(
      view({
        partnerName: hostile,
        customerCompanyName: '"><img src=x>',
        message: '</blockquote><script>x()</script>',
        values: { firstName: '"><b>', reason: '</textarea><script>y()</script>' },
        errors: { '(body)': '<i>bad</i>' },
      }),
    );
    assert.ok(!page.includes(hostile));
    assert.doesNotMatch(page, /<script|<img src=x|"><b>|<i>bad|<\/textarea><script/);
    assert.match(page, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(page, /<title>Reseller relationship request: &lt;script&gt;/);
  });

  test('an odd token cannot break out of the form action', () => {
    const page = renderInvitationPage(view({ token: 'a"b/<c>' }));
    assert.match(page, /action="\/invitations\/a%22b%2F%3Cc%3E\/accept\?lang=en"/);
  });

  test('the partner message is shown as quoted plain text, and absent when empty', () => {
    const page = renderInvitationPage(view({ message: 'Hello,\nLooking forward!' }));
    assert.match(page, /<blockquote>Hello,\nLooking forward!<\/blockquote>/);
    assert.doesNotMatch(renderInvitationPage(view({ message: '   ' })), /<blockquote/);
  });

  for (const locale of locales) {
    test(`${locale}: a confirmation follows the customer's own decision`, () => {
      const accepted = renderInvitationPage(view({ locale, status: 'accepted', outcome: 'accepted', message: 'Call Ayşe' }));
      const declined = renderInvitationPage(view({ locale, status: 'declined', outcome: 'declined', message: 'Call Ayşe' }));
      for (const page of [accepted, declined]) {
        assert.ok(!page.includes('kyiv-bakery-ua') && !page.includes('Call Ayşe') && !page.includes('Kyiv Bakery'), 'the confirmation repeats no other fact');
      }
      assert.match(
        accepted,
        locale === 'en'
          ? /role="status">Thank you\. The relationship with Anatolia Cloud is in place and the partner has been told\./
          : /role="status">Teşekkür ederiz\. Anatolia Cloud ile kurumsal bayi ilişkisi kuruldu ve iş ortağı bilgilendirildi\./,
      );
      assert.match(declined, locale === 'en' ? /role="status">You declined the request\./ : /role="status">Talebi reddettiniz\./);
      assert.doesNotMatch(accepted + declined, /<form/);
    });
  }

  for (const locale of locales) {
    test(`${locale}: the not-found page says the link is not valid, and nothing else`, () => {
      const page = renderNotFoundPage(locale);
      assertWellFormed(page, locale);
      assert.match(page, locale === 'en' ? /<h1>This invitation link is not valid<\/h1>/ : /<h1>Bu davet bağlantısı geçerli değil<\/h1>/);
      assert.doesNotMatch(page, /<form|Microsoft/);
    });
  }
});

describe('the stylesheet', () => {
  test('uses a system font stack, visible focus, and adapts to small screens', () => {
    assert.match(invitationPageCss, /font:[^;]*system-ui/);
    assert.match(invitationPageCss, /:focus-visible \{ outline: 3px solid/);
    assert.match(invitationPageCss, /@media \(max-width: 560px\)/);
    assert.doesNotMatch(invitationPageCss, /@import|url\(/, 'nothing fetched from elsewhere (the CSP allows only self)');
  });
  test('styles every class the pages use', () => {
    const pages = [
      renderInvitationPage(view({ errors: { email: 'x' }, message: 'm' })),
      renderInvitationPage(view({ status: 'accepted', outcome: 'accepted' })),
      renderNotFoundPage('en'),
    ].join('');
    const classes = new Set([...pages.matchAll(/class="([^"]+)"/g)].flatMap((m) => (m[1] ?? '').split(' ')));
    for (const name of classes) assert.ok(invitationPageCss.includes(`.${name}`), `.${name} has no style`);
  });
});
