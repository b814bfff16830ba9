import { formatDate, formatDateTime, type Locale } from '../locales.js';
import { CopyButton, DataTable, Pager } from './components.js';
import { Layout, type LayoutUser } from './layout.js';
import { webhookMessages } from './webhookMessages.js';

const webhooksPath = '/workspace/webhooks';
const endpointPath = (id: string) => `${webhooksPath}/${encodeURIComponent(id)}`;

export type EndpointRow = {
  id: string;
  url: string;
  eventTypes: readonly string[];
  description: string | null;
  status: 'enabled' | 'disabled';
  createdAt: string;
  secretCreatedAt: string | null;
  previousSecretExpiresAt: string | null;
  disabledReason: string | null;
};

export type WebhookField = 'url' | 'events' | 'description';

export type WebhooksView = {
  locale: Locale;
  user: LayoutUser;
  eventTypes: readonly string[];
  items: readonly EndpointRow[];
  nextCursor: string | null;
  paged: boolean;
  values?: { url?: string; eventTypes?: readonly string[]; description?: string } | undefined;
  errors?: Partial<Record<WebhookField, string>> | undefined;
  problem?: string | undefined;
  notice?: 'deleted' | undefined;
};

/** The partner's endpoints and the form that adds one (Admin agents only reach these pages). */
export function WebhooksPage(view: WebhooksView) {
  const { locale } = view;
  const m = webhookMessages[locale];
  const values = view.values ?? {};
  const errors = view.errors ?? {};
  const chosen = new Set(values.eventTypes ?? view.eventTypes);
  const invalid = (name: WebhookField) => (errors[name] ? 'true' : undefined);
  const describedBy = (name: WebhookField, hint?: string) => [hint, errors[name] && `${name}-error`].filter(Boolean).join(' ') || undefined;
  const errorOf = (name: WebhookField) =>
    errors[name] && (
      <p id={`${name}-error`} class="error">
        {errors[name]}
      </p>
    );
  return (
    <Layout locale={locale} title={m.title} path={webhooksPath} user={view.user} current="webhooks">
      <h1>{m.title}</h1>
      <p>{m.lead}</p>
      {view.notice === 'deleted' && (
        <p class="notice" role="status">
          {m.remove.done}
        </p>
      )}
      {view.problem && (
        <p class="notice problem" role="alert">
          {view.problem}
        </p>
      )}
      {view.items.length === 0 ? (
        <p class="empty">{m.list.empty}</p>
      ) : (
        <DataTable caption={m.list.caption} columns={[m.list.columns.url, m.list.columns.events, m.list.columns.status, m.list.columns.created]}>
          {view.items.map((endpoint) => (
            <tr>
              <th scope="row">
                <a href={endpointPath(endpoint.id)} class="link">
                  {endpoint.url}
                </a>
              </th>
              <td>{endpoint.eventTypes.length}</td>
              <td>{m.statuses[endpoint.status]}</td>
              <td>{formatDate(endpoint.createdAt, locale)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager locale={locale} label={m.title} path={webhooksPath} query={{}} nextCursor={view.nextCursor} paged={view.paged} />
      <form method="post" action={webhooksPath} class="add" novalidate>
        <h2>{m.add.heading}</h2>
        <input type="hidden" name="csrf" value={view.user.csrfToken} />
        <div class={errors.url ? 'field invalid' : 'field'}>
          <label for="url">{m.add.url}</label>
          <p id="url-hint" class="hint">
            {m.add.urlHint}
          </p>
          {errorOf('url')}
          <input id="url" name="url" type="url" value={values.url ?? ''} required maxlength={2000} placeholder="https://" aria-describedby={describedBy('url', 'url-hint')} aria-invalid={invalid('url')} />
        </div>
        <fieldset class={errors.events ? 'field invalid' : 'field'} aria-describedby={describedBy('events')}>
          <legend>{m.add.events}</legend>
          {errorOf('events')}
          {view.eventTypes.map((type, position) => (
            <p class="check">
              <input id={`event-${position}`} name="eventTypes" type="checkbox" value={type} checked={chosen.has(type)} />{' '}
              <label for={`event-${position}`}>
                {m.events[type] ?? type} <code>{type}</code>
              </label>
            </p>
          ))}
        </fieldset>
        <div class={errors.description ? 'field invalid' : 'field'}>
          <label for="description">{m.add.description}</label>
          {errorOf('description')}
          <input id="description" name="description" type="text" value={values.description ?? ''} maxlength={500} aria-describedby={describedBy('description')} aria-invalid={invalid('description')} />
        </div>
        <p class="actions">
          <button type="submit" class="primary">
            {m.add.send}
          </button>
        </p>
      </form>
    </Layout>
  );
}

export type SecretView = { locale: Locale; user: LayoutUser; endpoint: EndpointRow; secret: string; rotated: boolean };

/** The signing secret, this once: after adding an endpoint or rotating its secret. Never in a URL or a redirect. */
export function SecretPage(view: SecretView) {
  const { locale } = view;
  const m = webhookMessages[locale].secret;
  const title = view.rotated ? m.rotated : m.added;
  return (
    <Layout locale={locale} title={title} path={endpointPath(view.endpoint.id)} user={view.user} current="webhooks">
      <h1>{title}</h1>
      <p class="notice" role="status">
        {m.once}
      </p>
      <div class="field">
        <label for="secret">{m.label}</label>
        <p class="copyable">
          <input id="secret" type="text" readonly value={view.secret} class="link" autocomplete="off" spellcheck={false} />
          <CopyButton target="secret" label={m.copy} copied={m.copied} />
        </p>
      </div>
      {view.rotated && <p>{m.previous}</p>}
      <p>
        <a href={endpointPath(view.endpoint.id)}>{m.continue}</a>
      </p>
    </Layout>
  );
}

export type DeliveryRow = { id: string; eventType: string; attempt: number; at: string; durationMs: number; statusCode: number | null; error: string | null; delivered: boolean };

export type WebhookView = {
  locale: Locale;
  user: LayoutUser;
  endpoint: EndpointRow;
  deliveries: readonly DeliveryRow[];
  nextCursor: string | null;
  paged: boolean;
};

/** One endpoint: its facts, Rotate and Delete, and its recent delivery attempts with their status and duration. */
export function WebhookPage(view: WebhookView) {
  const { locale, endpoint } = view;
  const m = webhookMessages[locale];
  const d = m.detail;
  const path = endpointPath(endpoint.id);
  return (
    <Layout locale={locale} title={d.title} path={path} user={view.user} current="webhooks">
      <p>
        <a href={webhooksPath}>{d.back}</a>
      </p>
      <h1>{d.title}</h1>
      {endpoint.status === 'disabled' && endpoint.disabledReason && (
        <p class="notice problem" role="alert">
          {d.disabled(endpoint.disabledReason)}
        </p>
      )}
      <dl class="facts">
        <dt>{d.fields.url}</dt>
        <dd class="link">{endpoint.url}</dd>
        <dt>{d.fields.status}</dt>
        <dd>{m.statuses[endpoint.status]}</dd>
        {endpoint.description && (
          <>
            <dt>{d.fields.description}</dt>
            <dd>{endpoint.description}</dd>
          </>
        )}
        <dt>{d.fields.events}</dt>
        <dd>
          <ul class="plain">
            {endpoint.eventTypes.map((type) => (
              <li>
                {m.events[type] ?? type} <code>{type}</code>
              </li>
            ))}
          </ul>
        </dd>
        <dt>{d.fields.created}</dt>
        <dd>{formatDate(endpoint.createdAt, locale)}</dd>
        {endpoint.secretCreatedAt && (
          <>
            <dt>{d.fields.secret}</dt>
            <dd>{formatDateTime(endpoint.secretCreatedAt, locale)}</dd>
          </>
        )}
        {endpoint.previousSecretExpiresAt && (
          <>
            <dt>{d.fields.previous}</dt>
            <dd>{formatDateTime(endpoint.previousSecretExpiresAt, locale)}</dd>
          </>
        )}
      </dl>
      <div class="actions">
        <form method="post" action={`${path}/rotate`}>
          <input type="hidden" name="csrf" value={view.user.csrfToken} />
          <button type="submit">{d.rotate}</button>
        </form>
        <a class="button danger" href={`${path}/delete`}>
          {d.remove}
        </a>
      </div>
      <h2>{d.deliveries}</h2>
      {view.deliveries.length === 0 ? (
        <p class="empty">{d.noDeliveries}</p>
      ) : (
        <DataTable caption={d.deliveriesCaption} columns={[d.columns.at, d.columns.event, d.columns.attempt, d.columns.result, d.columns.duration]}>
          {view.deliveries.map((delivery) => (
            <tr>
              <th scope="row">{formatDateTime(delivery.at, locale)}</th>
              <td>
                <code>{delivery.eventType}</code>
              </td>
              <td>{delivery.attempt}</td>
              <td class={delivery.delivered ? undefined : 'bad'}>
                {delivery.delivered ? d.delivered(delivery.statusCode ?? 0) : d.failed(delivery.error ?? String(delivery.statusCode ?? ''))}
              </td>
              <td>{d.milliseconds(delivery.durationMs)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager locale={locale} label={d.deliveries} path={path} query={{}} nextCursor={view.nextCursor} paged={view.paged} />
    </Layout>
  );
}

/** Before deleting: what it means, and the two choices. */
export function DeleteWebhookPage({ locale, user, endpoint }: { locale: Locale; user: LayoutUser; endpoint: EndpointRow }) {
  const m = webhookMessages[locale].remove;
  const path = endpointPath(endpoint.id);
  return (
    <Layout locale={locale} title={m.title} path={`${path}/delete`} user={user} current="webhooks">
      <h1>{m.title}</h1>
      <p class="link">{endpoint.url}</p>
      <p>{m.lead}</p>
      <form method="post" action={`${path}/delete`} class="actions">
        <input type="hidden" name="csrf" value={user.csrfToken} />
        <button type="submit" class="danger">
          {m.confirm}
        </button>
        <a href={path}>{m.cancel}</a>
      </form>
    </Layout>
  );
}
