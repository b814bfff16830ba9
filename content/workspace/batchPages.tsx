import type { BatchInputProblem } from '../../domain/batches.js';
import { formatDateTime, type Locale } from '../locales.js';
import { explainBatchProblem, batchMessages } from './batchMessages.js';
import { DataTable, Pager } from './components.js';
import { Layout, type LayoutUser } from './layout.js';
import { workspaceMessages } from './messages.js';

const batchesPath = '/workspace/batches';
const batchPath = (id: string) => `${batchesPath}/${encodeURIComponent(id)}`;
const requestPath = (id: string) => `/workspace/requests/${encodeURIComponent(id)}`;

export type BatchCountsView = {
  total: number;
  pending: number;
  invited: number;
  alreadyOpen: number;
  rejected: Record<string, number>;
  unknownCustomer: number;
  badInput: number;
  cancelled: number;
};

export type BatchRow = {
  id: string;
  status: string;
  createdAt: string;
  requestedBy: string;
  counts: BatchCountsView;
};

const rejectedOf = (counts: BatchCountsView) => Object.values(counts.rejected).reduce((sum, count) => sum + count, 0);
const doneOf = (counts: BatchCountsView) => counts.total - counts.pending;

export type BadLine = { line?: number | undefined; field: string; problem?: BatchInputProblem | undefined };

export type BatchesView = {
  locale: Locale;
  user: LayoutUser;
  canManage: boolean;
  /** A fresh key for the upload form: a form sent twice makes one batch. */
  uploadKey: string;
  items: readonly BatchRow[];
  nextCursor: string | null;
  paged: boolean;
  /** Why the last upload started nothing: its bad lines, or a problem with the upload itself. */
  badLines?: readonly BadLine[] | undefined;
  refusal?: 'noFile' | 'tooLarge' | 'quota' | undefined;
};

/** Bulk invitations: the upload form, the lines a refused file had wrong, and the partner's batches. */
export function BatchesPage(view: BatchesView) {
  const { locale } = view;
  const m = batchMessages[locale];
  const badLines = view.badLines ?? [];
  return (
    <Layout locale={locale} title={m.title} path={batchesPath} user={view.user} current="batches">
      <h1>{m.title}</h1>
      <p>{m.lead}</p>
      {view.refusal && (
        <p class="notice problem" role="alert">
          {m.refused[view.refusal]}
        </p>
      )}
      {badLines.length > 0 && (
        <section class="refused" aria-labelledby="refused-heading">
          <h2 id="refused-heading">{m.refused.heading(badLines.length)}</h2>
          <p>{m.refused.lead}</p>
          <DataTable caption={m.refused.caption} columns={[m.refused.columns.line, m.refused.columns.column, m.refused.columns.problem]}>
            {badLines.map((bad) => (
              <tr>
                <td>{bad.line ?? ''}</td>
                <td>
                  <code>{bad.field}</code>
                </td>
                <td>{explainBatchProblem(locale, bad)}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
      {view.canManage ? (
        <form method="post" action={batchesPath} enctype="multipart/form-data" class="upload">
          <h2>{m.upload.heading}</h2>
          <input type="hidden" name="csrf" value={view.user.csrfToken} />
          <input type="hidden" name="uploadKey" value={view.uploadKey} />
          <div class="field">
            <label for="file">{m.upload.file}</label>
            <p id="file-hint" class="hint">
              {m.upload.hint} <a href={`${batchesPath}/template.csv`}>{m.upload.template}</a>
            </p>
            <input id="file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="file-hint" />
          </div>
          <p class="actions">
            <button type="submit" class="primary">
              {m.upload.send}
            </button>
          </p>
        </form>
      ) : (
        <p class="notice">{m.upload.readOnly}</p>
      )}
      {view.items.length === 0 ? (
        <p class="empty">{m.list.empty}</p>
      ) : (
        <DataTable caption={m.list.caption} columns={[m.list.columns.created, m.list.columns.by, m.list.columns.status, m.list.columns.progress, m.list.columns.invited]}>
          {view.items.map((batch) => (
            <tr>
              <th scope="row">
                <a href={batchPath(batch.id)}>{formatDateTime(batch.createdAt, locale)}</a>
              </th>
              <td>{batch.requestedBy}</td>
              <td>{m.statuses[batch.status] ?? batch.status}</td>
              <td>{m.detail.done(doneOf(batch.counts), batch.counts.total)}</td>
              <td>{batch.counts.invited}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager locale={locale} label={m.title} path={batchesPath} query={{}} nextCursor={view.nextCursor} paged={view.paged} />
    </Layout>
  );
}

export type BatchItemRow = {
  index: number;
  line: number | null;
  customerTenantId: string | null;
  customerDomain: string | null;
  customerEmail: string;
  outcome: string;
  requestId: string | null;
  existingRequestId: string | null;
  code: string | null;
};

export type BatchView = {
  locale: Locale;
  user: LayoutUser;
  canManage: boolean;
  batch: BatchRow;
  items: readonly BatchItemRow[];
  nextCursor: string | null;
  paged: boolean;
  notice?: 'stopped' | 'finished' | undefined;
};

/** The outcomes a batch counts, in the order the page lists them. */
const countedOutcomes = ['invited', 'alreadyOpen', 'rejected', 'unknownCustomer', 'badInput', 'cancelled', 'pending'] as const;
const countOf = (counts: BatchCountsView, outcome: (typeof countedOutcomes)[number]) => (outcome === 'rejected' ? rejectedOf(counts) : counts[outcome]);

/** A running batch's progress as the page's script shows it, in the page's words. */
export function batchProgress(locale: Locale, batch: Pick<BatchRow, 'status' | 'counts'>) {
  const m = batchMessages[locale];
  const done = doneOf(batch.counts);
  return {
    status: batch.status,
    statusText: m.statuses[batch.status] ?? batch.status,
    done,
    doneText: m.detail.done(done, batch.counts.total),
    counts: Object.fromEntries(countedOutcomes.map((outcome) => [outcome, countOf(batch.counts, outcome)])),
  };
}

/**
 * One batch: its progress (which the page's script keeps current while it runs, from `…/progress`), its outcomes,
 * its customers page by page, the outcomes as CSV, and Stop while it runs.
 */
export function BatchPage(view: BatchView) {
  const { locale, batch } = view;
  const m = batchMessages[locale];
  const d = m.detail;
  const path = batchPath(batch.id);
  const running = batch.status === 'running';
  const rules = workspaceMessages[locale].newRelationship.errors.rules;
  return (
    <Layout locale={locale} title={d.title(formatDateTime(batch.createdAt, locale))} path={path} user={view.user} current="batches">
      <p>
        <a href={batchesPath}>{d.back}</a>
      </p>
      <h1>{d.title(formatDateTime(batch.createdAt, locale))}</h1>
      {view.notice && (
        <p class={view.notice === 'finished' ? 'notice problem' : 'notice'} role={view.notice === 'finished' ? 'alert' : 'status'}>
          {d[view.notice]}
        </p>
      )}
      <p>{d.by(batch.requestedBy)}</p>
      <section aria-labelledby="progress-heading" data-batch-progress={running ? `${path}/progress` : undefined}>
        <h2 id="progress-heading">{d.progress}</h2>
        <p>
          <strong data-batch-status>{m.statuses[batch.status] ?? batch.status}</strong>
          {' · '}
          <span data-batch-done role="status">
            {d.done(doneOf(batch.counts), batch.counts.total)}
          </span>
        </p>
        <progress max={batch.counts.total} value={doneOf(batch.counts)} aria-labelledby="progress-heading" data-batch-bar />
        {running && (
          <p class="hint">
            {d.running} <a href={path}>{d.refresh}</a>
          </p>
        )}
        <h3>{d.counts}</h3>
        <dl class="facts counts">
          {countedOutcomes.map((outcome) => (
            <>
              <dt>{d.outcomes[outcome]}</dt>
              <dd data-batch-count={outcome}>{countOf(batch.counts, outcome)}</dd>
            </>
          ))}
        </dl>
      </section>
      <p>
        <a href={`${path}/outcomes.csv`} download>
          {d.download}
        </a>
      </p>
      {running && view.canManage && (
        <form method="post" action={`${path}/stop`} class="cancel">
          <input type="hidden" name="csrf" value={view.user.csrfToken} />
          <label for="reason">{d.stopReason}</label>
          <input id="reason" name="reason" type="text" maxlength={500} />
          <button type="submit" class="danger">
            {d.stop}
          </button>
        </form>
      )}
      <h2>{d.items}</h2>
      <DataTable caption={d.items} columns={[d.columns.line, d.columns.customer, d.columns.email, d.columns.outcome, d.columns.request]}>
        {view.items.map((item) => {
          const request = item.requestId ?? item.existingRequestId;
          return (
            <tr>
              <td>{item.line ?? item.index + 1}</td>
              <th scope="row">{item.customerTenantId ?? item.customerDomain ?? ''}</th>
              <td>{item.customerEmail}</td>
              <td>
                {d.outcomes[item.outcome] ?? item.outcome}
                {item.code && <span class="hint"> · {rules[item.code] ?? item.code}</span>}
              </td>
              <td>{request && <a href={requestPath(request)}>{d.openRequest}</a>}</td>
            </tr>
          );
        })}
      </DataTable>
      <Pager locale={locale} label={d.items} path={path} query={{}} nextCursor={view.nextCursor} paged={view.paged} />
    </Layout>
  );
}
