import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  InvitationContent,
  renderCustomerConfirmation,
  renderInvitationEmail,
  renderPartnerNotice,
  type RenderedEmail,
} from '../../content/emails.js';

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

/** The HTML version's text, tags dropped and entities decoded, to compare it with the plain text. */
const visibleText = (page: string) =>
  page
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
/** The plain text, with the quote marks and the colon before the link (the HTML has a button there) dropped. */
const plainText = (email: RenderedEmail) =>
  email.text.replace(/^> /gm, '').replace(/: (https?:\/\/)/g, ' $1').replace(/\s+/g, ' ').trim();

const expected = {
  en: {
    reseller: /asks Kyiv Bakery for a reseller relationship/,
    buys: /can buy Microsoft cloud products and services on your organization's behalf/,
    dapYes: /includes delegated admin privileges: Anatolia Cloud will also be able to administer your Microsoft services/,
    dapNo: /does not include delegated admin privileges: Anatolia Cloud can buy on your behalf and manage the Azure subscriptions it provisions for you, but cannot administer your other Microsoft services/,
    managesNothing: /cannot administer your Microsoft services/,
    mca: /Global administrator of your tenant must accept the Microsoft Customer Agreement on behalf of Kyiv Bakery/,
    link: /This link is the request itself/,
    where: (portal: string) => new RegExp(`partner requests are accepted in the ${portal}`),
    expiry: /The link expires on 25 December 2026 \(UTC\)/,
    message: /Message from the partner:/,
    indirect: /The request was made through the indirect reseller reseller-42\./,
    others: /Your other partner relationships stay as they are: an organization may work with several partners\./,
    reminder: /^Reminder: Anatolia Cloud requests a reseller relationship with Kyiv Bakery$/,
    reminderLead: /This is a reminder: Anatolia Cloud is still waiting/,
  },
  tr: {
    reseller: /Anatolia Cloud, Kyiv Bakery ile kurumsal bayi ilişkisi kurmak istiyor/,
    buys: /kuruluşunuz adına Microsoft bulut ürünlerini ve hizmetlerini satın alabilir/,
    dapYes: /Talep, temsilci yönetici ayrıcalıklarını da içeriyor: Anatolia Cloud, Microsoft hizmetlerinizi de yönetebilecek/,
    dapNo: /Talep, temsilci yönetici ayrıcalıklarını içermiyor: Anatolia Cloud, sizin adınıza satın alabilir ve sizin için sağladığı Azure aboneliklerini yönetebilir, ancak diğer Microsoft hizmetlerinizi yönetemez/,
    managesNothing: /(?<!diğer )Microsoft hizmetlerinizi yönetemez/,
    mca: /Talebi yalnızca kiracınızdaki bir Genel Yönetici kabul edebilir ve bunu yaparken Kyiv Bakery adına Microsoft Müşteri Sözleşmesi’ni de kabul etmiş olur/,
    link: /Talebi incelemek, ardından kabul etmek ya da reddetmek için aşağıdaki bağlantıyı açın/,
    where: (portal: string) => new RegExp(`Kullandığınız bulutta iş ortağı talepleri ${portal} üzerinden kabul edilir`),
    expiry: /Bağlantı 25 Aralık 2026 \(UTC\) tarihinde geçerliliğini yitirir/,
    message: /İş ortağının mesajı:/,
    indirect: /Talep, dolaylı kurumsal bayi reseller-42 aracılığıyla yapıldı\./,
    others: /Diğer iş ortaklarınızla ilişkileriniz değişmez; bir kuruluş birden fazla iş ortağıyla çalışabilir\./,
    reminder: /^Hatırlatma: Anatolia Cloud, Kyiv Bakery ile kurumsal bayi ilişkisi kurmak istiyor$/,
    reminderLead: /Bu bir hatırlatma e-postasıdır: Anatolia Cloud hâlâ yanıtınızı bekliyor/,
  },
} as const;
/** Each cloud's acceptance portal, by the name Microsoft gives it in each language. */
const portals = {
  en: { public: 'Microsoft 365 admin center', usgov: 'Microsoft Office admin portal' },
  tr: { public: 'Microsoft 365 yönetim merkezi', usgov: 'Microsoft Office Yönetici portalı' },
} as const;
const allPortalNames = Object.values(portals).flatMap((names) => Object.values(names));

describe('the invitation email', () => {
  for (const locale of ['en', 'tr'] as const) {
    const words = expected[locale];
    for (const cloud of ['public', 'usgov'] as const) {
      for (const dap of [true, false]) {
        test(`${locale}, ${cloud}, delegated admin ${dap ? 'included' : 'not included'}: names every element, in text and HTML alike`, () => {
          const email = renderInvitationEmail(
            invitation({ locale, cloud, includeDelegatedAdminPrivileges: dap, message: 'Looking forward!', indirectResellerId: 'reseller-42' }),
          );
          const other = allPortalNames.filter((name) => name !== portals[locale][cloud]);
          for (const body of [plainText(email), visibleText(email.html)]) {
            assert.match(body, /Anatolia Cloud/);
            assert.match(body, words.reseller);
            assert.match(body, words.buys);
            assert.match(body, dap ? words.dapYes : words.dapNo);
            assert.doesNotMatch(body, dap ? words.dapNo : words.dapYes);
            assert.doesNotMatch(body, words.managesNothing, 'without delegated admin privileges the partner still manages its Azure subscriptions');
            assert.match(body, words.mca);
            assert.match(body, /https:\/\/example\.test\/invitations\/abc\.def/);
            assert.match(body, words.link);
            assert.match(body, words.where(portals[locale][cloud]));
            for (const name of other) assert.ok(!body.includes(name), `names another portal: ${name}`);
            assert.match(body, words.expiry);
            assert.match(body, words.message);
            assert.match(body, /Looking forward!/);
            assert.match(body, words.indirect);
            assert.match(body, words.others);
          }
          assert.equal(plainText(email), visibleText(email.html), 'plain text and HTML say the same');
          assert.match(email.html, new RegExp(`<html lang="${locale}">`));
          assert.match(email.html, /<a href="https:\/\/example\.test\/invitations\/abc\.def"/);
          assert.match(email.subject, /Anatolia Cloud/);
          assert.doesNotMatch(email.subject, /^(Reminder|Hatırlatma)/);
        });
      }
    }

    test(`${locale}: a reminder says so in its subject and first lines`, () => {
      const email = renderInvitationEmail(invitation({ locale }), { reminderNumber: 2 });
      assert.match(email.subject, words.reminder);
      assert.match(email.text, words.reminderLead);
      assert.match(email.text, words.expiry);
    });

    test(`${locale}: no message and no indirect reseller leave no empty lines about them`, () => {
      const email = renderInvitationEmail(invitation({ locale, message: '  ' }));
      assert.doesNotMatch(email.text, words.message);
      assert.doesNotMatch(email.text, words.indirect);
    });
  }

  test('quotes a multi-line partner message line by line in plain text', () => {
    const email = renderInvitationEmail(invitation({ message: 'Hello,\r\nLooking forward!' }));
    assert.match(email.text, /Message from the partner:\n> Hello,\n> Looking forward!/);
    assert.match(email.html, /<blockquote[^>]*>Hello,\r?\nLooking forward!<\/blockquote>/);
  });

  test('accepts a Date as the expiry', () => {
    assert.match(renderInvitationEmail(invitation({ expiresAt: new Date('2027-01-02T23:59:00Z') })).text, /2 January 2027 \(UTC\)/);
  });

  test('the content schema parses what the activities hand over', () => {
    assert.equal(InvitationContent.safeParse(invitation()).success, true);
    assert.equal(InvitationContent.safeParse({ ...invitation(), cloud: 'china' }).success, false);
    assert.equal(InvitationContent.safeParse({ ...invitation(), locale: 'de' }).success, false);
  });

  test('escapes hostile values in HTML and keeps them as text in plain text', () => {
    const hostile = '<script>alert(1)</script>';
    const email = renderInvitationEmail(
      invitation({
        partnerName: hostile,
        customerCompanyName: 'Tom & "Jerry"',
        message: '<img src=x onerror=alert(1)>',
        indirectResellerId: '"><b>x</b>',
        invitationUrl: 'https://example.test/invitations/a"onmouseover="x',
      }),
    );
    assert.ok(!email.html.includes(hostile));
    assert.doesNotMatch(email.html, /<script|<img src=x|<b>x|"onmouseover/);
    assert.match(email.html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(email.html, /Tom &amp; &quot;Jerry&quot;/);
    assert.match(email.text, /<script>alert\(1\)<\/script>/);
    assert.match(email.subject, /<script>alert\(1\)<\/script>/, 'the subject is plain text');
  });
});

describe('partner notices', () => {
  const notice = (changes: Partial<Parameters<typeof renderPartnerNotice>[0]> = {}) =>
    renderPartnerNotice({
      locale: 'en',
      kind: 'accepted',
      partnerName: 'Anatolia Cloud',
      customerCompanyName: 'Kyiv Bakery',
      customerTenantId: 'kyiv-bakery-ua',
      requestId: 'req-1',
      includeDelegatedAdminPrivileges: true,
      ...changes,
    });
  const subjects = {
    en: { accepted: /^Kyiv Bakery accepted/, declined: /^Kyiv Bakery declined/, expired: /to Kyiv Bakery expired$/ },
    tr: {
      accepted: /^Kyiv Bakery, kurumsal bayi ilişkisi talebinizi kabul etti$/,
      declined: /^Kyiv Bakery, kurumsal bayi ilişkisi talebinizi reddetti$/,
      expired: /^Kyiv Bakery müşterisine gönderdiğiniz kurumsal bayi ilişkisi talebinin süresi doldu$/,
    },
  } as const;
  for (const locale of ['en', 'tr'] as const) {
    for (const kind of ['accepted', 'declined', 'expired'] as const) {
      test(`${locale}, ${kind}: names the customer, its tenant and the request`, () => {
        const email = notice({ locale, kind, acceptedBy: { name: 'Olena S', email: 'olena@kyiv.example' } });
        assert.match(email.subject, subjects[locale][kind]);
        for (const body of [email.text, visibleText(email.html)]) {
          assert.match(body, /Kyiv Bakery \(kyiv-bakery-ua\)/);
          assert.match(body, /req-1/);
        }
        assert.match(email.html, new RegExp(`<html lang="${locale}">`));
        if (kind === 'accepted') assert.match(email.text, /Olena S <olena@kyiv\.example>/);
      });
    }
  }
  const acceptance = {
    en: {
      dap: 'The request included delegated admin privileges.',
      noDap:
        'The request did not include delegated admin privileges: you can manage the Azure subscriptions you provision for the customer, but not its other Microsoft services.',
      admin: "Remember that you also need a separate admin relationship to manage the customer's services or subscriptions.",
    },
    tr: {
      dap: 'Talep, temsilci yönetici ayrıcalıklarını da içeriyordu.',
      noDap:
        'Talep, temsilci yönetici ayrıcalıklarını içermiyordu: müşteri için sağladığınız Azure aboneliklerini yönetebilirsiniz, ancak müşterinin diğer Microsoft hizmetlerini yönetemezsiniz.',
      admin: 'Hizmet veya aboneliklerini yönetmek için ayrı bir yönetici ilişkisine de ihtiyacınız olduğunu unutmayın.',
    },
  } as const;
  for (const locale of ['en', 'tr'] as const) {
    test(`${locale}: the acceptance notice says whether delegated admin privileges came with it, and that an admin relationship is separate`, () => {
      const words = acceptance[locale];
      const withDap = notice({ locale, includeDelegatedAdminPrivileges: true });
      const withoutDap = notice({ locale, includeDelegatedAdminPrivileges: false });
      for (const body of [withDap.text, visibleText(withDap.html)]) {
        assert.ok(body.includes(words.dap), body);
        assert.ok(!body.includes(words.noDap));
        assert.ok(body.includes(words.admin));
      }
      for (const body of [withoutDap.text, visibleText(withoutDap.html)]) {
        assert.ok(body.includes(words.noDap), body);
        assert.ok(body.includes(words.admin));
      }
      for (const kind of ['declined', 'expired'] as const) {
        const other = notice({ locale, kind });
        assert.ok(!other.text.includes(words.admin) && !other.text.includes(words.dap), `no such lines in a ${kind} notice`);
      }
    });
  }

  test('the decline reason reaches the partner, in its language', () => {
    assert.match(notice({ locale: 'tr', kind: 'declined', reason: 'Gerek yok' }).text, /Müşterinin belirttiği gerekçe: Gerek yok/);
    assert.match(notice({ kind: 'declined', reason: 'Not now' }).text, /Reason given: Not now/);
    assert.doesNotMatch(notice({ kind: 'declined', reason: ' ' }).text, /Reason given/);
  });
  test('hostile customer values and the acceptor are escaped in HTML', () => {
    const email = notice({ customerCompanyName: '<script>alert(1)</script>', acceptedBy: { name: '<b> x', email: 'a@b.c' } });
    assert.doesNotMatch(email.html, /<script>|<b>/);
    assert.match(email.html, /&lt;script&gt;/);
    assert.match(email.html, /&lt;b&gt; x &lt;a@b\.c&gt;/);
  });
});

describe('the customer confirmation', () => {
  for (const locale of ['en', 'tr'] as const) {
    test(`${locale}: names the partner, the agreement and the delegated admin grant`, () => {
      const confirm = (dap: boolean) =>
        renderCustomerConfirmation({ locale, partnerName: 'Liberty', customerCompanyName: 'Austin', includeDelegatedAdminPrivileges: dap });
      const withDap = confirm(true);
      const withoutDap = confirm(false);
      assert.match(withDap.subject, /Liberty/);
      assert.match(withDap.text, locale === 'en' ? /Microsoft Customer Agreement is accepted/ : /Microsoft Müşteri Sözleşmesi kabul edildi/);
      assert.match(withDap.text, locale === 'en' ? /also has delegated admin privileges/ : /temsilci yönetici ayrıcalıklarına da sahip/);
      assert.match(withoutDap.text, locale === 'en' ? /has no delegated admin privileges/ : /temsilci yönetici ayrıcalıklarına sahip değil/);
      assert.equal(plainText(withDap), visibleText(withDap.html));
    });

    test(`${locale}: without delegated admin privileges the partner still manages the Azure subscriptions it provisions`, () => {
      const words = expected[locale];
      const text = renderCustomerConfirmation({ locale, partnerName: 'Liberty', customerCompanyName: 'Austin', includeDelegatedAdminPrivileges: false }).text;
      assert.match(text, locale === 'en' ? /can manage the Azure subscriptions it provisions for you/ : /sizin için sağladığı Azure aboneliklerini yönetebilir/);
      assert.doesNotMatch(text, words.managesNothing);
    });

    test(`${locale}: sends the customer to no portal, where nothing of this relationship is recorded`, () => {
      for (const dap of [true, false]) {
        const email = renderCustomerConfirmation({ locale, partnerName: 'Liberty', customerCompanyName: 'Austin', includeDelegatedAdminPrivileges: dap });
        for (const name of allPortalNames) assert.ok(!email.text.includes(name), `names ${name}`);
        assert.doesNotMatch(email.text, /review|incele/i);
      }
    });
  }
});
