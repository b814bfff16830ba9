import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { renderAdminApprovalEmail } from '../../../content/adminRelationshipEmails.js';
import { pickLocale } from '../../../content/locales.js';
import { adminRelationshipMessages } from '../../../content/workspace/adminRelationshipMessages.js';
import { AdminRelationshipPage, AdminRelationshipsPage, NewAdminRelationshipPage, type NewAdminRelationshipField } from '../../../content/workspace/adminRelationshipPages.js';
import { AdminRelationshipStatus, NewAccessAssignment, NewAdminRelationship } from '../../../domain/adminRelationships.js';
import { gdapTaskTemplates, globalAdministratorRoleId } from '../../../domain/entraRoles.js';
import type { PartnerRole } from '../../../domain/roles.js';
import type { AdminRelationshipDocument } from '../../../platform/documents.js';
import {
  createAccessAssignment,
  createAdminRelationship,
  deleteAccessAssignment,
  findPartnerAdminRelationship,
  listAccessAssignments,
  listAdminRelationships,
  requestOnAdminRelationship,
} from '../../adminRelationshipCommands.js';
import { accessAssignmentView, adminRelationshipView } from '../../adminRelationshipSchemas.js';
import { listRoleTemplates, saveRoleTemplate } from '../../roleTemplateCommands.js';
import type { WorkspaceUser } from '../../identity/partnerSignIn.js';
import { ProblemError } from '../../problem.js';
import type { WorkspaceKit } from './kit.js';

const isAdminAgent = (roles: readonly PartnerRole[]) => roles.includes('AdminAgent');
const ListQuery = z.object({ status: z.enum(['all', ...AdminRelationshipStatus.options]).catch('all'), cursor: z.string().max(400).optional().catch(undefined) });
const Notice = z.enum(['created', 'terminated', 'assigned', 'removed', 'replaced', 'notActive', 'badGroup']).optional().catch(undefined);
const listText = (values: unknown): string[] => ([] as unknown[]).concat(values ?? []).filter((value): value is string => typeof value === 'string');

/**
 * Admin relationships (GDAP) in the workspace, on the API's own commands: every partner user reads; Admin agents
 * request (created and locked for approval at once, as Partner Center sends a request), assign, end, end several at
 * once, and replace one holding Global Administrator with one without.
 */
export function workspaceAdminRelationshipRoutes(kit: WorkspaceKit) {
  const { deps, locale, page, asApiUser, userOr, formUserOr, forbidden } = kit;
  const { collections } = deps.database;
  const app = new Hono();
  const view = async (relationship: AdminRelationshipDocument) =>
    adminRelationshipView(relationship, relationship.customerTenantId ? await collections.customers.findOne({ _id: relationship.customerTenantId }, { projection: { companyName: 1 } }) : null, deps.links.adminApprovalUrlFor);
  const back = (c: Context, id: string, notice: string) => c.redirect(`/workspace/admin-relationships/${encodeURIComponent(id)}?notice=${notice}`, 303);

  const listPage = async (c: Context, user: WorkspaceUser, notice?: { kind: 'status' | 'problem'; text: string }) => {
    const { status, cursor } = ListQuery.parse(c.req.query());
    const found = await listAdminRelationships(deps, user, { limit: 25, cursor, ...(status !== 'all' && { status }) }).catch((error: unknown) => {
      if (cursor) return undefined;
      throw error;
    });
    if (!found) return c.redirect('/workspace/admin-relationships', 303);
    return page(
      c,
      <AdminRelationshipsPage
        locale={locale(c)}
        user={user}
        canManage={isAdminAgent(user.roles)}
        status={status}
        items={await Promise.all(found.items.map(view))}
        nextCursor={found.nextCursor}
        paged={Boolean(cursor)}
        notice={notice}
      />,
    );
  };

  app.get('/', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    return listPage(c, user);
  });

  app.get('/new', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    if (!isAdminAgent(user.roles)) return forbidden(c, user, 'role');
    const saved = await listRoleTemplates(deps, user);
    const asked = c.req.query('template') ?? '';
    const task = gdapTaskTemplates.find((candidate) => candidate.id === asked);
    const own = saved.find((candidate) => `saved:${candidate._id}` === asked);
    const name = task ? (locale(c) === 'tr' ? task.nameTr : task.name) : (own?.name ?? '');
    return page(
      c,
      <NewAdminRelationshipPage
        locale={locale(c)}
        user={user}
        values={{ name, roles: task?.roleTemplateIds ?? own?.roleIds ?? [] }}
        savedTemplates={saved.map((template) => ({ id: template._id, name: template.name }))}
      />,
    );
  });

  app.post('/new', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const user = await formUserOr(c, form, isAdminAgent);
    if (user instanceof Response) return user;
    const m = adminRelationshipMessages[locale(c)].errors;
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const values = {
      name: text('name').trim(),
      customer: text('customer').trim(),
      duration: text('duration').trim(),
      autoExtend: text('autoExtend') === 'on',
      roles: listText(form.roles),
      templateName: text('templateName').trim(),
    };
    const errors: Partial<Record<NewAdminRelationshipField, string>> = {};
    const again = async (status: 400 | 409) =>
      page(
        c,
        <NewAdminRelationshipPage
          locale={locale(c)}
          user={user}
          values={values}
          errors={errors}
          savedTemplates={(await listRoleTemplates(deps, user)).map((template) => ({ id: template._id, name: template.name }))}
        />,
        status,
      );
    if (values.templateName.length > 50) errors.templateName = m.templateName;
    // A domain has a dot; a tenant ID has none.
    const customer = values.customer.includes('.') ? await collections.customers.findOne({ domain: values.customer.toLowerCase() }) : await collections.customers.findOne({ _id: values.customer });
    if (!customer) errors.customer = m.customer;
    const body = NewAdminRelationship.safeParse({
      displayName: values.name,
      duration: /^\d{1,3}$/.test(values.duration) ? `P${values.duration}D` : values.duration,
      autoExtendDuration: values.autoExtend ? 'P180D' : 'PT0S',
      ...(customer && { customer: { tenantId: customer._id } }),
      accessDetails: { unifiedRoles: values.roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    });
    if (!body.success) {
      for (const issue of body.error.issues) {
        const [first] = issue.path;
        const field: NewAdminRelationshipField = first === 'displayName' ? 'name' : first === 'duration' ? 'duration' : first === 'autoExtendDuration' ? 'autoExtend' : 'roles';
        errors[field] ??= m[field];
      }
    }
    if (!body.success || Object.keys(errors).length > 0) return again(400);
    if (values.templateName && !(await saveRoleTemplate(deps, asApiUser(user), values.templateName, body.data.accessDetails.unifiedRoles.map((role) => role.roleDefinitionId)))) {
      errors.templateName = m.templateName;
      return again(409);
    }
    try {
      const relationship = await createAdminRelationship(deps, asApiUser(user), body.data);
      await requestOnAdminRelationship(deps, asApiUser(user), relationship._id, 'lockForApproval');
      return back(c, relationship._id, 'created');
    } catch (error) {
      if (error instanceof ProblemError && error.init.slug === 'display-name-taken') {
        errors.name = m.nameTaken;
        return again(409);
      }
      throw error;
    }
  });

  /** Ends the selected relationships, one workflow each; those already closed are passed over. */
  app.post('/terminate', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const user = await formUserOr(c, form, isAdminAgent);
    if (user instanceof Response) return user;
    const m = adminRelationshipMessages[locale(c)];
    const ids = listText(form.ids).slice(0, 100);
    if (ids.length === 0) return listPage(c, user, { kind: 'problem', text: m.bulkNone });
    let ended = 0;
    for (const id of ids) {
      try {
        await requestOnAdminRelationship(deps, asApiUser(user), id, 'terminate');
        ended += 1;
      } catch (error) {
        if (!(error instanceof ProblemError) || error.init.status >= 500) throw error;
      }
    }
    return listPage(c, user, { kind: 'status', text: m.bulkDone(ended) });
  });

  const relationshipOr = (c: Context, user: WorkspaceUser) => kit.foundOr(c, user, (apiUser, id) => findPartnerAdminRelationship(deps, apiUser, id));

  app.get('/:id', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    const relationship = await relationshipOr(c, user);
    if (relationship instanceof Response) return relationship;
    const shown = await view(relationship);
    const customer = relationship.customerTenantId ? await collections.customers.findOne({ _id: relationship.customerTenantId }) : null;
    const partner = await collections.partners.findOne({ _id: relationship.partnerTenantId });
    const email =
      relationship.status === 'approvalPending' && customer && partner && shown.approvalUrl && relationship.approvalExpiresAt
        ? renderAdminApprovalEmail({
            locale: pickLocale(customer.preferredLanguage),
            partnerName: partner.name,
            companyName: customer.companyName,
            relationshipId: relationship._id,
            roleIds: relationship.roleIds,
            durationDays: relationship.durationDays,
            autoExtendDays: relationship.autoExtendDays,
            approvalUrl: shown.approvalUrl,
            expiresAt: relationship.approvalExpiresAt,
          })
        : undefined;
    const assignments = (await listAccessAssignments(deps, asApiUser(user), relationship._id)).map(accessAssignmentView);
    return page(
      c,
      <AdminRelationshipPage
        locale={locale(c)}
        user={user}
        canManage={isAdminAgent(user.roles)}
        relationship={shown}
        email={email}
        assignments={assignments}
        notice={Notice.parse(c.req.query('notice'))}
      />,
    );
  });

  app.post('/:id/terminate', async (c) => {
    const user = await formUserOr(c, await c.req.parseBody(), isAdminAgent);
    if (user instanceof Response) return user;
    const relationship = await relationshipOr(c, user);
    if (relationship instanceof Response) return relationship;
    await requestOnAdminRelationship(deps, asApiUser(user), relationship._id, 'terminate').catch((error: unknown) => {
      if (!(error instanceof ProblemError && error.init.status === 409)) throw error;
    });
    return back(c, relationship._id, 'terminated');
  });

  // Partner Center's advice: Global Administrator is rarely needed. The same request without it, then this one ends.
  app.post('/:id/replace-without-global-administrator', async (c) => {
    const user = await formUserOr(c, await c.req.parseBody(), isAdminAgent);
    if (user instanceof Response) return user;
    const relationship = await relationshipOr(c, user);
    if (relationship instanceof Response) return relationship;
    const roles = relationship.roleIds.filter((id) => id !== globalAdministratorRoleId);
    if (roles.length === 0 || !relationship.customerTenantId) return back(c, relationship._id, 'badGroup');
    const replacement = await createAdminRelationship(deps, asApiUser(user), {
      displayName: `${relationship.displayName.slice(0, 40)} (no GA)`,
      duration: `P${relationship.durationDays}D`,
      autoExtendDuration: 'PT0S',
      customer: { tenantId: relationship.customerTenantId },
      accessDetails: { unifiedRoles: roles.map((roleDefinitionId) => ({ roleDefinitionId })) },
    });
    await requestOnAdminRelationship(deps, asApiUser(user), replacement._id, 'lockForApproval');
    await requestOnAdminRelationship(deps, asApiUser(user), relationship._id, 'terminate').catch((error: unknown) => {
      if (!(error instanceof ProblemError && error.init.status === 409)) throw error;
    });
    return back(c, replacement._id, 'replaced');
  });

  app.post('/:id/assignments', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const user = await formUserOr(c, form, isAdminAgent);
    if (user instanceof Response) return user;
    const relationship = await relationshipOr(c, user);
    if (relationship instanceof Response) return relationship;
    const body = NewAccessAssignment.safeParse({
      accessContainer: { accessContainerId: typeof form.group === 'string' ? form.group.trim() : '' },
      accessDetails: { unifiedRoles: listText(form.roles).map((roleDefinitionId) => ({ roleDefinitionId })) },
    });
    if (!body.success) return back(c, relationship._id, 'badGroup');
    try {
      await createAccessAssignment(deps, asApiUser(user), relationship._id, body.data);
    } catch (error) {
      if (error instanceof ProblemError && error.init.status === 409) return back(c, relationship._id, 'notActive');
      if (error instanceof ProblemError && error.init.status === 400) return back(c, relationship._id, 'badGroup');
      throw error;
    }
    return back(c, relationship._id, 'assigned');
  });

  app.post('/:id/assignments/:assignmentId/remove', async (c) => {
    const user = await formUserOr(c, await c.req.parseBody(), isAdminAgent);
    if (user instanceof Response) return user;
    const relationship = await relationshipOr(c, user);
    if (relationship instanceof Response) return relationship;
    await deleteAccessAssignment(deps, asApiUser(user), relationship._id, c.req.param('assignmentId') ?? '').catch((error: unknown) => {
      if (!(error instanceof ProblemError && error.init.status === 404)) throw error;
    });
    return back(c, relationship._id, 'removed');
  });

  return app;
}
