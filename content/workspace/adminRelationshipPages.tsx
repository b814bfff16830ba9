import { entraRoleById, entraRoles, gdapTaskTemplates } from '../../domain/entraRoles.js';
import { formatDate, type Locale } from '../locales.js';
import { adminRelationshipMessages } from './adminRelationshipMessages.js';
import { CopyButton, DataTable, Pager, StatusFilter } from './components.js';
import { Layout, withQuery, type LayoutUser } from './layout.js';

const listPath = '/workspace/admin-relationships';
const relationshipPath = (id: string) => `${listPath}/${encodeURIComponent(id)}`;
const roleName = (locale: Locale, id: string) => {
  const role = entraRoleById(id);
  return role ? (locale === 'tr' ? role.nameTr : role.name) : id;
};

export type AdminRelationshipRow = {
  id: string;
  displayName: string;
  status: string;
  customer: { tenantId: string; displayName: string | null } | null;
  endDateTime: string | null;
  autoExtendDuration: string;
  includesGlobalAdministrator: boolean;
};

const statusFilters = ['all', 'approvalPending', 'active', 'expiring', 'expired', 'terminated', 'created'] as const;

export type AdminRelationshipsView = {
  locale: Locale;
  user: LayoutUser;
  canManage: boolean;
  status: string;
  items: readonly AdminRelationshipRow[];
  nextCursor: string | null;
  paged: boolean;
  notice?: { kind: 'status' | 'problem'; text: string } | undefined;
};

/** The partner's admin relationships by status; Admin agents select several to end them at once. */
export function AdminRelationshipsPage(view: AdminRelationshipsView) {
  const { locale, status } = view;
  const m = adminRelationshipMessages[locale];
  const open = (row: AdminRelationshipRow) => ['created', 'approvalPending', 'approved', 'activating', 'active', 'expiring'].includes(row.status);
  const table = (
    <DataTable
      caption={m.caption}
      columns={[...(view.canManage ? [m.columns.select] : []), m.columns.name, m.columns.customer, m.columns.status, m.columns.ends, m.columns.extends, m.columns.globalAdmin]}
    >
      {view.items.map((row) => (
        <tr>
          {view.canManage && (
            <td>{open(row) && <input type="checkbox" name="ids" value={row.id} form="bulk-terminate" aria-label={`${m.columns.select}: ${row.displayName}`} />}</td>
          )}
          <th scope="row">
            <a href={relationshipPath(row.id)}>{row.displayName}</a>
          </th>
          <td>{row.customer ? (row.customer.displayName ?? row.customer.tenantId) : ''}</td>
          <td>{m.statuses[row.status] ?? row.status}</td>
          <td>{row.endDateTime ? formatDate(row.endDateTime, locale) : ''}</td>
          <td>{row.autoExtendDuration === 'P180D' ? m.yes : m.no}</td>
          <td>{row.includesGlobalAdministrator ? m.yes : m.no}</td>
        </tr>
      ))}
    </DataTable>
  );
  return (
    <Layout locale={locale} title={m.title} path={listPath} query={{ status }} user={view.user} current="admin">
      <div class="toolbar">
        <h1>{m.title}</h1>
        {view.canManage && (
          <a class="button primary" href={`${listPath}/new`}>
            {m.newAction}
          </a>
        )}
      </div>
      <p>{m.lead}</p>
      {!view.canManage && <p class="notice">{m.readOnly}</p>}
      {view.notice && (
        <p class={view.notice.kind === 'problem' ? 'notice problem' : 'notice'} role={view.notice.kind === 'problem' ? 'alert' : 'status'}>
          {view.notice.text}
        </p>
      )}
      <StatusFilter locale={locale} path={listPath} label={m.show} apply={m.apply} options={statusFilters} labels={m.statuses} status={status} />
      {view.items.length === 0 ? <p class="empty">{m.empty}</p> : table}
      {view.canManage && view.items.some(open) && (
        <form id="bulk-terminate" method="post" action={`${listPath}/terminate`} class="actions">
          <input type="hidden" name="csrf" value={view.user.csrfToken} />
          <button type="submit" class="danger">
            {m.bulkTerminate}
          </button>
        </form>
      )}
      <Pager locale={locale} label={m.title} path={listPath} query={{ status }} nextCursor={view.nextCursor} paged={view.paged} />
    </Layout>
  );
}

export type NewAdminRelationshipField = 'name' | 'customer' | 'duration' | 'roles' | 'autoExtend' | 'templateName';

export type NewAdminRelationshipView = {
  locale: Locale;
  user: LayoutUser;
  values: { name?: string; customer?: string; duration?: string; autoExtend?: boolean; roles?: readonly string[]; templateName?: string };
  errors?: Partial<Record<NewAdminRelationshipField, string>> | undefined;
  /** The partner's own templates, by name. */
  savedTemplates?: readonly { id: string; name: string }[];
};

/** The request form: a task's least-privileged roles to start from, the roles, the duration and the extension. */
export function NewAdminRelationshipPage(view: NewAdminRelationshipView) {
  const { locale, values } = view;
  const m = adminRelationshipMessages[locale];
  const f = m.form;
  const errors = view.errors ?? {};
  const chosen = new Set(values.roles ?? []);
  const errorOf = (name: NewAdminRelationshipField) =>
    errors[name] && (
      <p id={`${name}-error`} class="error">
        {errors[name]}
      </p>
    );
  const describedBy = (name: NewAdminRelationshipField, hint: boolean) => [hint && `${name}-hint`, errors[name] && `${name}-error`].filter(Boolean).join(' ') || undefined;
  const path = `${listPath}/new`;
  return (
    <Layout locale={locale} title={f.title} path={path} user={view.user} current="admin">
      <h1>{f.title}</h1>
      <p>{f.lead}</p>
      <nav aria-label={f.templates}>
        <p>{f.templates}:</p>
        <ul class="plain templates">
          {gdapTaskTemplates.map((template) => (
            <li>
              <a href={withQuery(path, { template: template.id, lang: locale })}>{locale === 'tr' ? template.nameTr : template.name}</a>
            </li>
          ))}
        </ul>
        {(view.savedTemplates ?? []).length > 0 && (
          <>
            <p>{f.yourTemplates}:</p>
            <ul class="plain templates">
              {(view.savedTemplates ?? []).map((template) => (
                <li>
                  <a href={withQuery(path, { template: `saved:${template.id}`, lang: locale })}>{template.name}</a>
                </li>
              ))}
            </ul>
          </>
        )}
      </nav>
      <form method="post" action={path} novalidate>
        <input type="hidden" name="csrf" value={view.user.csrfToken} />
        <div class={errors.name ? 'field invalid' : 'field'}>
          <label for="name">{f.name}</label>
          <p id="name-hint" class="hint">
            {f.nameHint}
          </p>
          {errorOf('name')}
          <input id="name" name="name" type="text" value={values.name ?? ''} maxlength={50} required aria-describedby={describedBy('name', true)} aria-invalid={errors.name ? 'true' : undefined} />
        </div>
        <div class={errors.customer ? 'field invalid' : 'field'}>
          <label for="customer">{f.customer}</label>
          {errorOf('customer')}
          <input id="customer" name="customer" type="text" value={values.customer ?? ''} maxlength={253} required aria-describedby={describedBy('customer', false)} aria-invalid={errors.customer ? 'true' : undefined} />
        </div>
        <div class={errors.duration ? 'field invalid' : 'field'}>
          <label for="duration">{f.duration}</label>
          <p id="duration-hint" class="hint">
            {f.durationHint}
          </p>
          {errorOf('duration')}
          <input id="duration" name="duration" type="number" min={1} max={730} value={values.duration ?? '730'} required aria-describedby={describedBy('duration', true)} aria-invalid={errors.duration ? 'true' : undefined} />
        </div>
        <div class={errors.autoExtend ? 'field check invalid' : 'field check'}>
          {errorOf('autoExtend')}
          <p>
            <input id="autoExtend" name="autoExtend" type="checkbox" checked={values.autoExtend ?? false} aria-describedby={describedBy('autoExtend', true)} />{' '}
            <label for="autoExtend">{f.autoExtend}</label>
          </p>
          <p id="autoExtend-hint" class="hint">
            {f.autoExtendHint}
          </p>
        </div>
        <fieldset class={errors.roles ? 'field invalid' : 'field'} aria-describedby={errors.roles ? 'roles-error' : undefined}>
          <legend>{f.roles}</legend>
          {errorOf('roles')}
          {entraRoles.map((role, position) => (
            <p class="check">
              <input id={`role-${position}`} name="roles" type="checkbox" value={role.templateId} checked={chosen.has(role.templateId)} />{' '}
              <label for={`role-${position}`}>
                <strong>{locale === 'tr' ? role.nameTr : role.name}</strong>
                {role.privileged && <span class="hint"> ({f.privileged})</span>}: {locale === 'tr' ? role.descriptionTr : role.description}
              </label>
            </p>
          ))}
        </fieldset>
        <div class={errors.templateName ? 'field invalid' : 'field'}>
          <label for="templateName">{f.saveTemplate}</label>
          <p id="templateName-hint" class="hint">
            {f.saveTemplateHint}
          </p>
          {errorOf('templateName')}
          <input id="templateName" name="templateName" type="text" value={values.templateName ?? ''} maxlength={50} aria-describedby={describedBy('templateName', true)} aria-invalid={errors.templateName ? 'true' : undefined} />
        </div>
        <p class="actions">
          <button type="submit" class="primary">
            {f.send}
          </button>
          <a href={listPath}>{m.detail.back}</a>
        </p>
      </form>
    </Layout>
  );
}

export type AdminRelationshipDetail = AdminRelationshipRow & {
  duration: string;
  accessDetails: { unifiedRoles: { roleDefinitionId: string }[] };
  approvalExpiresDateTime: string | null;
  activatedDateTime: string | null;
  closing: string | null;
  approvalUrl: string | null;
};

export type AssignmentRow = { id: string; accessContainer: { accessContainerId: string }; accessDetails: { unifiedRoles: { roleDefinitionId: string }[] }; status: string };

export type AdminRelationshipPageView = {
  locale: Locale;
  user: LayoutUser;
  canManage: boolean;
  relationship: AdminRelationshipDetail;
  /** The approval email as the customer got it, while approval is pending. */
  email?: { subject: string; text: string } | undefined;
  assignments: readonly AssignmentRow[];
  notice?: string | undefined;
};

/** One admin relationship: its facts and roles, the approval link and email, its access assignments, and ending it. */
export function AdminRelationshipPage(view: AdminRelationshipPageView) {
  const { locale, relationship } = view;
  const m = adminRelationshipMessages[locale];
  const d = m.detail;
  const path = relationshipPath(relationship.id);
  const active = relationship.status === 'active' || relationship.status === 'expiring';
  const open = ['created', 'approvalPending', 'approved', 'activating', 'active', 'expiring'].includes(relationship.status);
  const roleIds = relationship.accessDetails.unifiedRoles.map((role) => role.roleDefinitionId);
  const problem = view.notice === 'notActive' || view.notice === 'badGroup';
  return (
    <Layout locale={locale} title={relationship.displayName} path={path} user={view.user} current="admin">
      <p>
        <a href={listPath}>{d.back}</a>
      </p>
      <h1>{relationship.displayName}</h1>
      {view.notice && d.notices[view.notice] && (
        <p class={problem ? 'notice problem' : 'notice'} role={problem ? 'alert' : 'status'}>
          {d.notices[view.notice]}
        </p>
      )}
      <dl class="facts">
        <dt>{d.fields.status}</dt>
        <dd>{m.statuses[relationship.status] ?? relationship.status}</dd>
        <dt>{d.fields.customer}</dt>
        <dd>{relationship.customer ? `${relationship.customer.displayName ?? ''} (${relationship.customer.tenantId})` : ''}</dd>
        <dt>{d.fields.duration}</dt>
        <dd>{d.days(Number(relationship.duration.slice(1, -1)))}</dd>
        <dt>{d.fields.extends}</dt>
        <dd>{relationship.autoExtendDuration === 'P180D' ? m.yes : m.no}</dd>
        {relationship.approvalExpiresDateTime && (
          <>
            <dt>{d.fields.approvalExpires}</dt>
            <dd>{formatDate(relationship.approvalExpiresDateTime, locale)}</dd>
          </>
        )}
        {relationship.activatedDateTime && (
          <>
            <dt>{d.fields.activated}</dt>
            <dd>{formatDate(relationship.activatedDateTime, locale)}</dd>
          </>
        )}
        {relationship.endDateTime && (
          <>
            <dt>{d.fields.ends}</dt>
            <dd>{formatDate(relationship.endDateTime, locale)}</dd>
          </>
        )}
        {relationship.closing && (
          <>
            <dt>{d.fields.closing}</dt>
            <dd>{m.closings[relationship.closing] ?? relationship.closing}</dd>
          </>
        )}
      </dl>
      <h2>{d.roles}</h2>
      <ul>
        {roleIds.map((id) => (
          <li>{roleName(locale, id)}</li>
        ))}
      </ul>
      {relationship.status === 'approvalPending' && relationship.approvalUrl && (
        <>
          <div class="field">
            <label for="approval-link">{d.approvalLink}</label>
            <p class="copyable">
              <input id="approval-link" type="text" readonly value={relationship.approvalUrl} class="link" />
              <CopyButton target="approval-link" label={d.copy} copied={d.copied} />
            </p>
          </div>
          {view.email && (
            <section class="email" aria-labelledby="email-heading">
              <h2 id="email-heading">{d.email}</h2>
              <p>
                <strong>{d.subject}:</strong> {view.email.subject}
              </p>
              <pre>{view.email.text}</pre>
            </section>
          )}
        </>
      )}
      <h2>{d.assignments}</h2>
      <p>{d.assignmentsLead}</p>
      {view.assignments.length === 0 ? (
        <p class="empty">{d.noAssignments}</p>
      ) : (
        <DataTable caption={d.assignmentsCaption} columns={[d.columns.group, d.columns.roles, d.columns.status, ...(view.canManage ? [d.columns.remove] : [])]}>
          {view.assignments.map((assignment) => (
            <tr>
              <th scope="row">
                <code>{assignment.accessContainer.accessContainerId}</code>
              </th>
              <td>{assignment.accessDetails.unifiedRoles.map((role) => roleName(locale, role.roleDefinitionId)).join(', ')}</td>
              <td>{d.assignmentStatuses[assignment.status] ?? assignment.status}</td>
              {view.canManage && (
                <td>
                  {['pending', 'active', 'error'].includes(assignment.status) && (
                    <form method="post" action={`${path}/assignments/${encodeURIComponent(assignment.id)}/remove`}>
                      <input type="hidden" name="csrf" value={view.user.csrfToken} />
                      <button type="submit" aria-label={`${d.remove}: ${assignment.accessContainer.accessContainerId}`}>
                        {d.remove}
                      </button>
                    </form>
                  )}
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
      {view.canManage && active && (
        <form method="post" action={`${path}/assignments`} class="add" novalidate>
          <input type="hidden" name="csrf" value={view.user.csrfToken} />
          <div class="field">
            <label for="group">{d.group}</label>
            <input id="group" name="group" type="text" maxlength={36} required autocomplete="off" />
          </div>
          <fieldset class="field">
            <legend>{d.roles}</legend>
            {roleIds.map((id, position) => (
              <p class="check">
                <input id={`assign-${position}`} name="roles" type="checkbox" value={id} />{' '}
                <label for={`assign-${position}`}>{roleName(locale, id)}</label>
              </p>
            ))}
          </fieldset>
          <p class="actions">
            <button type="submit">{d.assign}</button>
          </p>
        </form>
      )}
      {view.canManage && open && (
        <section aria-labelledby="end-heading">
          <h2 id="end-heading">{d.terminate}</h2>
          <p>{d.terminateLead}</p>
          <form method="post" action={`${path}/terminate`}>
            <input type="hidden" name="csrf" value={view.user.csrfToken} />
            <button type="submit" class="danger">
              {d.terminate}
            </button>
          </form>
          {relationship.includesGlobalAdministrator && (
            <>
              <p>{d.replaceLead}</p>
              <form method="post" action={`${path}/replace-without-global-administrator`}>
                <input type="hidden" name="csrf" value={view.user.csrfToken} />
                <button type="submit">{d.replace}</button>
              </form>
            </>
          )}
        </section>
      )}
    </Layout>
  );
}
