import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { SeedFile } from '../../domain/tenants.js';
import { createBrowserlessSession, formsOf, type Landing, type Page } from '../../scripts/identityProvider/browserlessSession.js';
import { signInOnLoginPage } from '../../scripts/identityProvider/passwordSignIn.js';
import { eventually } from '../support/http.js';
import { startSignInStack, type SignInStack } from '../support/signInStack.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhookReceiver.js';

const demo = SeedFile.parse(JSON.parse(readFileSync(new URL('../../seed/demo.json', import.meta.url), 'utf8')));
const users = {
  trAdmin: 'ayse.admin@anatolia.example',
  trSales: 'mehmet.sales@anatolia.example',
  trBilling: 'zeynep.billing@anatolia.example',
  deAdmin: 'anna.admin@rhein-it.example',
};
const tag = randomBytes(3).toString('hex');

const pageOf = (landing: Landing): Page => {
  assert.equal(landing.kind, 'page', `expected a page, was sent on to ${landing.kind === 'stopped' ? landing.url.href : ''}`);
  return (landing as { page: Page }).page;
};
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, ' ');
const csvFile = (lines: string[]) => new File([lines.join('\n')], 'customers.csv', { type: 'text/csv' });

/** Customers of this file only, so that their requests' workflow IDs are no other test's. */
const customer = (name: string, country: string) => ({
  tenantId: `${name}-${tag}`,
  domain: `${name}${tag}.example`,
  companyName: `${name} ${tag}`,
  country,
  cloud: 'public' as const,
  email: `it@${name}${tag}.example`,
});
const izmir = customer('izmir', 'TR');
const konya = customer('konya', 'TR');
const mersin = customer('mersin', 'TR');
const berlin = customer('berlin', 'DE');

describe('the partner workspace: bulk invitations and webhook endpoints', () => {
  let running: SignInStack;
  let base: string;

  async function signIn(email: string) {
    const session = createBrowserlessSession();
    const signInPage = pageOf(await session.open(`${base}/workspace/sign-in`));
    const start = /href="(\/workspace\/sign-in\/start)"/.exec(signInPage.html)?.[1];
    assert.ok(start);
    const landed = pageOf(await signInOnLoginPage(session, await session.open(new URL(start, base)), { email, password: running.settings.password }));
    assert.equal(landed.url.pathname, '/workspace/customers');
    return session;
  }
  const formTo = (page: Page, path: string | RegExp) => {
    const form = formsOf(page).find((candidate) => (typeof path === 'string' ? candidate.action.pathname === path : path.test(candidate.action.pathname)));
    assert.ok(form, `a form posting to ${path}`);
    return form;
  };

  before(async () => {
    running = await startSignInStack({ seed: demo, mcaVersion: 'MCA-test' });
    base = running.base;
    await running.stack.seed({ partners: [], customers: [izmir, konya, mersin, berlin] });
  });
  after(() => running?.stop());

  test('a CSV with bad lines is explained line by line, in English and Turkish, and starts nothing', async () => {
    const session = await signIn(users.trSales);
    const batches = pageOf(await session.open(`${base}/workspace/batches`));
    assert.equal(batches.status, 200);
    const upload = formTo(batches, '/workspace/batches');
    assert.ok(upload.fields.csrf && upload.fields.uploadKey, 'the form carries its token and its key');
    const bad = csvFile([
      'customerTenantId,customerDomain,customerEmail,includeDelegatedAdminPrivileges',
      `${izmir.tenantId},,${izmir.email},true`,
      `,${konya.domain},not-an-email,true`,
      `${mersin.tenantId},,${mersin.email},perhaps`,
      `${izmir.tenantId},,${izmir.email},false`,
      'only,three,fields',
    ]);
    const refused = pageOf(await session.upload(upload, {}, { file: bad }));
    assert.equal(refused.status, 400);
    const text = textOf(refused.html);
    assert.match(text, /Nothing was sent: 4 problems in the file/);
    assert.match(text, /3 customerEmail Not an email address\./);
    assert.match(text, /4 includeDelegatedAdminPrivileges Write true or false\./);
    assert.match(text, /5 customerTenantId The same customer as line 2\./);
    assert.match(text, /6 \(row\) This line has 3 fields; the header has 4\./);

    const turkish = pageOf(await session.open(`${base}/workspace/batches?lang=tr`));
    const trRefused = textOf(pageOf(await session.upload(formTo(turkish, '/workspace/batches'), {}, { file: bad })).html);
    assert.match(trRefused, /Hiçbir şey gönderilmedi: dosyada 4 sorun var/);
    assert.match(trRefused, /3 customerEmail Bir e-posta adresi değil\./);
    assert.match(trRefused, /5 customerTenantId 2\. satırdaki müşteriyle aynı\./);
    const header = pageOf(await session.upload(formTo(turkish, '/workspace/batches'), {}, { file: csvFile(['customerEmail,colour', 'a@b.example,red']) }));
    assert.match(textOf(header.html), /Bilinmeyen sütun: “colour”/);
    assert.match(textOf(header.html), /“includeDelegatedAdminPrivileges” sütunu gerekli/);
    await session.open(`${base}/workspace/batches?lang=en`);

    assert.equal(await running.stack.collections.batches.countDocuments({ partnerTenantId: 'anatolia-cloud-tr' }), 0, 'no batch was started');
  });

  test('a good CSV runs to the end: progress, each customer\'s outcome, the outcomes as CSV; a form sent twice is one batch', async () => {
    const session = await signIn(users.trSales);
    const upload = formTo(pageOf(await session.open(`${base}/workspace/batches`)), '/workspace/batches');
    const good = csvFile([
      'customerTenantId,customerDomain,customerEmail,includeDelegatedAdminPrivileges,locale',
      `${konya.tenantId},,${konya.email},true,tr`,
      `,${mersin.domain},${mersin.email},false,`,
      `${berlin.tenantId},,${berlin.email},true,en`,
      `,nowhere${tag}.example,-it@nowhere${tag}.example,true,en`,
    ]);
    const started = pageOf(await session.upload(upload, {}, { file: good }));
    assert.equal(started.status, 200, textOf(started.html));
    const batchPath = started.url.pathname;
    assert.match(batchPath, /^\/workspace\/batches\/[\w-]+$/);
    assert.match(started.html, /data-batch-progress="\/workspace\/batches\/[\w-]+\/progress"|Completed/, 'a running batch names its progress for the script');

    const again = pageOf(await session.upload(upload, {}, { file: good }));
    assert.equal(again.url.pathname, batchPath, 'the same form sent again lands on the same batch');
    assert.equal(await running.stack.collections.batches.countDocuments({ partnerTenantId: 'anatolia-cloud-tr' }), 1);

    const progress = await eventually(
      async () => {
        const response = await fetch(new URL(`${batchPath}/progress`, base), { headers: { cookie: cookieOf(session) } });
        assert.equal(response.status, 200);
        const body = (await response.json()) as { status: string; done: number; doneText: string; counts: Record<string, number> };
        return body.status === 'completed' && body;
      },
      60_000,
      'the batch to complete',
    );
    assert.equal(progress.doneText, '4 of 4 done');
    assert.deepEqual(
      { invited: progress.counts.invited, rejected: progress.counts.rejected, unknownCustomer: progress.counts.unknownCustomer, pending: progress.counts.pending },
      { invited: 2, rejected: 1, unknownCustomer: 1, pending: 0 },
    );
    const finished = pageOf(await session.open(new URL(batchPath, base)));
    const text = textOf(finished.html);
    assert.match(text, /Completed · 4 of 4 done/);
    assert.match(text, new RegExp(`${konya.tenantId} ${konya.email.replaceAll('.', '\\.')} Invited`));
    assert.match(text, /Refused by a rule · This customer’s country is outside your organisation’s region\./);
    assert.match(text, /No such customer/);
    assert.doesNotMatch(finished.html, /data-batch-progress=/, 'a finished batch is not polled');
    assert.doesNotMatch(finished.html, /\/stop"/, 'nothing to stop');
    const requestLink = /href="(\/workspace\/requests\/[^"]+)"/.exec(finished.html)?.[1];
    assert.ok(requestLink, 'an invited customer links to its request');
    assert.equal(pageOf(await session.open(new URL(requestLink, base))).status, 200);

    const outcomes = await fetch(new URL(`${batchPath}/outcomes.csv`, base), { headers: { cookie: cookieOf(session) } });
    assert.equal(outcomes.status, 200);
    assert.match(outcomes.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(outcomes.headers.get('content-disposition') ?? '', /^attachment; filename="bulk-invitation-[\w-]+\.csv"$/);
    const rows = (await outcomes.text()).trim().split('\r\n');
    assert.equal(rows.length, 5, 'a header and one row per customer');
    assert.equal(rows[0], '"line","customerTenantId","customerDomain","customerEmail","outcome","code","requestId","detail"');
    assert.match(rows[3]!, /"region_not_allowed"/);
    assert.match(rows[4]!, /"'-it@nowhere/, 'a cell a spreadsheet would read as a formula is neutralised');

    const list = textOf(pageOf(await session.open(`${base}/workspace/batches`)).html);
    assert.match(list, /Completed 4 of 4 done 2/, 'the list shows the batch, done, with its invitations');
  });

  test('a read-only user follows batches but has no upload form, and a forged upload is 403; another partner sees none', async () => {
    const [batch] = await running.stack.collections.batches.find({ partnerTenantId: 'anatolia-cloud-tr' }).toArray();
    assert.ok(batch, 'the batch of the test before');
    const reader = await signIn(users.trBilling);
    const list = pageOf(await reader.open(`${base}/workspace/batches`));
    assert.match(textOf(list.html), /sending them needs an Admin agent or a Sales agent/);
    assert.doesNotMatch(list.html, /enctype="multipart\/form-data"/, 'no upload form');
    assert.equal(pageOf(await reader.open(`${base}/workspace/batches/${batch._id}`)).status, 200, 'the batch is visible');
    const token = formTo(list, '/workspace/sign-out').fields.csrf!;
    const forged = { action: new URL(`${base}/workspace/batches`), method: 'POST' as const, fields: { csrf: token } };
    const file = csvFile(['customerTenantId,customerEmail,includeDelegatedAdminPrivileges', `${izmir.tenantId},${izmir.email},true`]);
    assert.equal(pageOf(await reader.upload(forged, {}, { file })).status, 403, 'a read-only role may not upload, even with a valid token');
    const sales = await signIn(users.trSales);
    assert.equal(pageOf(await sales.upload(forged, {}, { file })).status, 403, "another session's token");
    assert.equal(await running.stack.collections.batches.countDocuments({ partnerTenantId: 'anatolia-cloud-tr' }), 1, 'nothing started');

    const other = await signIn(users.deAdmin);
    assert.doesNotMatch(pageOf(await other.open(`${base}/workspace/batches`)).html, new RegExp(batch._id), "another partner's list");
    assert.equal(pageOf(await other.open(`${base}/workspace/batches/${batch._id}`)).status, 404);
    const outcomes = await fetch(`${base}/workspace/batches/${batch._id}/outcomes.csv`, { headers: { cookie: cookieOf(other) } });
    assert.equal(outcomes.status, 404, "another partner's outcomes");
    const progress = await fetch(`${base}/workspace/batches/${batch._id}/progress`, { headers: { cookie: cookieOf(other) } });
    assert.equal(progress.status, 404, "another partner's progress");
    assert.equal((await fetch(`${base}/workspace/batches/${batch._id}/progress`)).status, 401, 'no session: 401 for the script, not a redirect');
  });

  test('webhooks: an Admin agent adds an endpoint and sees its secret once, its deliveries, rotates and deletes it', async () => {
    const receiver: WebhookReceiver = await startWebhookReceiver();
    try {
      const admin = await signIn(users.trAdmin);
      const list = pageOf(await admin.open(`${base}/workspace/webhooks`));
      assert.equal(list.status, 200);
      const add = formTo(list, '/workspace/webhooks');
      const invalid = pageOf(await admin.submit(add, { url: 'ftp://example.com', eventTypes: [] }));
      assert.equal(invalid.status, 400);
      assert.match(textOf(invalid.html), /Give an https URL whose host has public addresses only\./);
      assert.match(textOf(invalid.html), /Choose at least one event\./);
      assert.match(invalid.html, /aria-invalid="true"/);

      const added = pageOf(await admin.submit(add, { url: receiver.url, eventTypes: ['relationship_request.created', 'relationship_request.cancelled'], description: `CRM ${tag}` }));
      assert.equal(added.status, 200, textOf(added.html));
      const secret = /id="secret"[^>]*value="(whsec_[^"]+)"/.exec(added.html)?.[1] ?? /value="(whsec_[^"]+)"[^>]*id="secret"/.exec(added.html)?.[1];
      assert.ok(secret, 'the secret is shown');
      assert.match(added.html, /data-copy="secret"/, 'with a copy button');
      receiver.secrets.push(secret);
      const [endpoint] = await running.stack.collections.webhookEndpoints.find({ partnerTenantId: 'anatolia-cloud-tr', description: `CRM ${tag}` }).toArray();
      assert.ok(endpoint);
      const endpointPath = `/workspace/webhooks/${endpoint._id}`;
      const detail = pageOf(await admin.open(`${base}${endpointPath}`));
      assert.doesNotMatch(detail.html, new RegExp(secret), 'never shown again');
      assert.match(textOf(detail.html), /No delivery yet/);

      // An event: a request sent by the API; its delivery shows on the endpoint's page with its status and duration.
      const sent = await fetch(`${base}/v1/relationship-requests`, {
        method: 'POST',
        headers: { authorization: 'Bearer demo-tr-admin-agent-key-0001', 'content-type': 'application/json' },
        body: JSON.stringify({ customerTenantId: izmir.tenantId, customerEmail: izmir.email, includeDelegatedAdminPrivileges: true }),
      });
      assert.equal(sent.status, 201, await sent.text());
      const delivered = await eventually(
        async () => {
          const current = pageOf(await admin.open(`${base}${endpointPath}`));
          return /Delivered \(204\)/.test(textOf(current.html)) && current;
        },
        30_000,
        'the delivery on the page',
      );
      assert.match(textOf(delivered.html), /relationship_request\.created 1 Delivered \(204\) \d+ ms/);
      assert.equal(receiver.ofType('relationship_request.created').length, 1, 'the receiver verified it with the secret shown');

      const rotated = pageOf(await admin.submit(formTo(delivered, `${endpointPath}/rotate`)));
      const newSecret = /value="(whsec_[^"]+)"/.exec(rotated.html)?.[1];
      assert.ok(newSecret && newSecret !== secret, 'a new secret, shown once');
      assert.match(textOf(rotated.html), /keeps signing for 24 hours/);

      const confirm = pageOf(await admin.open(`${base}${endpointPath}/delete`));
      assert.match(textOf(confirm.html), /Delete this webhook endpoint\?/);
      const deleted = pageOf(await admin.submit(formTo(confirm, `${endpointPath}/delete`)));
      assert.equal(deleted.url.pathname, '/workspace/webhooks');
      assert.match(textOf(deleted.html), /The endpoint is deleted\./);
      assert.equal((await running.stack.collections.webhookEndpoints.findOne({ _id: endpoint._id }))?.status, 'deleted');
      assert.equal(pageOf(await admin.open(`${base}${endpointPath}`)).status, 404);
    } finally {
      await receiver.close();
    }
  });

  test('webhooks are for Admin agents: a Sales agent has no link, gets 403, and a forged post adds nothing; Turkish too', async () => {
    const sales = await signIn(users.trSales);
    const customers = pageOf(await sales.open(`${base}/workspace/customers`));
    assert.doesNotMatch(customers.html, /href="\/workspace\/webhooks"/, 'no link');
    assert.equal(pageOf(await sales.open(`${base}/workspace/webhooks`)).status, 403);
    const token = formTo(customers, '/workspace/sign-out').fields.csrf!;
    const forged = { action: new URL(`${base}/workspace/webhooks`), method: 'POST' as const, fields: { csrf: token } };
    const before = await running.stack.collections.webhookEndpoints.countDocuments({ partnerTenantId: 'anatolia-cloud-tr' });
    assert.equal(pageOf(await sales.submit(forged, { url: 'https://crm.example.com/hooks', eventTypes: ['relationship.created'] })).status, 403);
    assert.equal(await running.stack.collections.webhookEndpoints.countDocuments({ partnerTenantId: 'anatolia-cloud-tr' }), before, 'nothing added');

    const admin = await signIn(users.trAdmin);
    const turkish = textOf(pageOf(await admin.open(`${base}/workspace/webhooks?lang=tr`)).html);
    assert.match(turkish, /Web kancası uç noktaları/);
    assert.match(turkish, /Bir müşteri kabul eder/);
  });

  /** The session's cookies for the workspace, as a page's script sends them. */
  function cookieOf(session: ReturnType<typeof createBrowserlessSession>) {
    const value = session.cookie(`${base}/workspace/batches`, 'partner_session');
    assert.ok(value, 'the session cookie');
    return `partner_session=${value}`;
  }
});
