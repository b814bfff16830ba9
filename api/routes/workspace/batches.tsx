import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { batchProgress, BatchesPage, BatchPage, type BadLine, type BatchRow } from '../../../content/workspace/batchPages.js';
import { spreadsheetCsv } from '../../../content/spreadsheetCsv.js';
import { canManageRelationships } from '../../../domain/roles.js';
import type { BatchDocument } from '../../../platform/batchDocuments.js';
import { batchItemsPage, batchSummary, cancelRunningBatch, createBatch, findPartnerBatch, listBatches } from '../../batchCommands.js';
import { parseCsvBatch } from '../../batchInput.js';
import type { WorkspaceUser } from '../../identity/partnerSignIn.js';
import { ProblemError } from '../../problem.js';
import type { WorkspaceKit } from './kit.js';

const ListQuery = z.object({ cursor: z.string().max(400).optional().catch(undefined) });
const BatchNotice = z.enum(['stopped', 'finished']).optional().catch(undefined);
const UploadForm = z.object({ uploadKey: z.string().uuid().catch(() => randomUUID()), file: z.unknown() });
/** Items the outcomes file reads from the database at a time. */
const outcomesPageSize = 250;

const template = spreadsheetCsv([
  ['customerTenantId', 'customerDomain', 'customerEmail', 'includeDelegatedAdminPrivileges', 'locale'],
  ['', 'contoso.onmicrosoft.com', 'it@contoso.example', 'true', 'en'],
  ['00000000-0000-0000-0000-000000000000', '', 'bt@example.com.tr', 'false', 'tr'],
]);

/**
 * Bulk invitations on the API's own batch commands: the same parser (each bad line explained before anything starts),
 * quotas, keyed writes and workflow. The upload form carries a key of its own, so a form sent twice makes one batch.
 */
export function workspaceBatchRoutes(kit: WorkspaceKit) {
  const { deps, locale, page, asApiUser, userOr, formUserOr } = kit;
  const { collections } = deps.database;
  const app = new Hono();

  const row = async (batch: BatchDocument): Promise<BatchRow> => {
    const summary = await batchSummary(collections, batch);
    return { id: batch._id, status: batch.status, createdAt: summary.createdAt, requestedBy: batch.requestedBy.email, counts: summary.counts };
  };

  const listPage = async (c: Context, user: WorkspaceUser, refused: { badLines?: BadLine[]; refusal?: 'noFile' | 'tooLarge' | 'quota' } = {}, cursor?: string) => {
    const found = await listBatches(deps, user, { limit: 20, cursor }).catch((error: unknown) => {
      if (cursor) return undefined;
      throw error;
    });
    if (!found) return c.redirect('/workspace/batches', 303);
    const status = refused.badLines || refused.refusal ? (refused.refusal === 'quota' ? 409 : 400) : 200;
    return page(
      c,
      <BatchesPage
        locale={locale(c)}
        user={user}
        canManage={canManageRelationships(user.roles)}
        uploadKey={randomUUID()}
        items={await Promise.all(found.items.map(row))}
        nextCursor={found.nextCursor}
        paged={Boolean(cursor)}
        {...refused}
      />,
      status,
    );
  };

  app.get('/', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    return listPage(c, user, {}, ListQuery.parse(c.req.query()).cursor);
  });

  app.get('/template.csv', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    return c.body(template, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="bulk-invitations.csv"' });
  });

  app.post('/', async (c) => {
    const form = await c.req.parseBody();
    const user = await formUserOr(c, form, canManageRelationships);
    if (user instanceof Response) return user;
    const { uploadKey, file } = UploadForm.parse(form);
    const text = file instanceof File && file.size > 0 ? await file.text() : undefined;
    if (text === undefined) return listPage(c, user, { refusal: 'noFile' });
    const parsed = parseCsvBatch(text);
    if ('errors' in parsed) return listPage(c, user, { badLines: parsed.errors });
    try {
      const batch = await createBatch(deps, asApiUser(user), parsed.entries, 'csv', `workspace-upload:${uploadKey}`);
      return c.redirect(`/workspace/batches/${encodeURIComponent(batch._id)}`, 303);
    } catch (error) {
      if (error instanceof ProblemError && error.init.status === 429) return listPage(c, user, { refusal: 'quota' });
      // The same form sent again with another file: its key names the first batch, so this one is not started.
      if (error instanceof ProblemError && error.init.slug === 'idempotency-key-reused') {
        return c.redirect(`/workspace/batches/${encodeURIComponent(String(error.init.existingBatchId))}`, 303);
      }
      throw error;
    }
  });

  const batchOr = (c: Context, user: WorkspaceUser) => kit.foundOr(c, user, (apiUser, id) => findPartnerBatch(deps, apiUser, id));

  app.get('/:id', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    const batch = await batchOr(c, user);
    if (batch instanceof Response) return batch;
    const cursor = ListQuery.parse(c.req.query()).cursor;
    const items = await batchItemsPage(collections, batch, 50, cursor).catch((error: unknown) => {
      if (cursor && error instanceof ProblemError) return undefined;
      throw error;
    });
    if (!items) return c.redirect(`/workspace/batches/${encodeURIComponent(batch._id)}`, 303);
    return page(
      c,
      <BatchPage
        locale={locale(c)}
        user={user}
        canManage={canManageRelationships(user.roles)}
        batch={await row(batch)}
        items={items.items}
        nextCursor={items.nextCursor}
        paged={Boolean(cursor)}
        notice={BatchNotice.parse(c.req.query('notice'))}
      />,
    );
  });

  /** A script's call has no page to be sent to: a lapsed session is a 401, not a redirect to sign in. */
  const signInOrUnauthorized = async (c: Context) => (await kit.signIn.signedIn(c)) ?? c.json({ error: 'signed out' }, 401);

  // What the page's script polls while the batch runs: its status and counts, nothing of its customers.
  app.get('/:id/progress', async (c) => {
    const user = await signInOrUnauthorized(c);
    if (user instanceof Response) return user;
    const batch = await batchOr(c, user);
    if (batch instanceof Response) return c.json({ error: 'not found' }, 404);
    return c.json(batchProgress(locale(c), await row(batch)));
  });

  app.get('/:id/outcomes.csv', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    const batch = await batchOr(c, user);
    if (batch instanceof Response) return batch;
    const rows: (string | number | null)[][] = [['line', 'customerTenantId', 'customerDomain', 'customerEmail', 'outcome', 'code', 'requestId', 'detail']];
    for (let cursor: string | undefined; ; ) {
      const found = await batchItemsPage(collections, batch, outcomesPageSize, cursor);
      for (const item of found.items) {
        rows.push([item.line ?? item.index + 1, item.customerTenantId, item.customerDomain, item.customerEmail, item.outcome, item.code, item.requestId ?? item.existingRequestId, item.detail]);
      }
      if (!found.nextCursor) break;
      cursor = found.nextCursor;
    }
    return c.body(spreadsheetCsv(rows), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="bulk-invitation-${batch._id}.csv"`,
    });
  });

  app.post('/:id/stop', async (c) => {
    const form = await c.req.parseBody();
    const user = await formUserOr(c, form, canManageRelationships);
    if (user instanceof Response) return user;
    const batch = await batchOr(c, user);
    if (batch instanceof Response) return batch;
    const reason = typeof form.reason === 'string' ? form.reason.trim().slice(0, 500) : '';
    const back = (notice: 'stopped' | 'finished') => c.redirect(`/workspace/batches/${encodeURIComponent(batch._id)}?notice=${notice}`, 303);
    try {
      await cancelRunningBatch(deps, asApiUser(user), batch, reason || undefined);
      return back('stopped');
    } catch (error) {
      if (error instanceof ProblemError && error.init.slug === 'batch-finished') return back('finished');
      throw error;
    }
  });

  return app;
}
