import type { Context } from 'hono';
import type { CustomerAdministrator } from '../../domain/adminRelationships.js';
import { customerActsOnAdminRelationship } from '../adminRelationshipCommands.js';
import type { ApiDeps } from '../deps.js';
import { ProblemError } from '../problem.js';
import { adminRelationshipsOf } from './adminRelationships.js';
import { localeOf, signInPage, tenantPage } from './page.js';
import { tenantOf, type PartnerRelationshipsEnv, type Tenant } from './tenantAccess.js';

type Handler = (c: Context<PartnerRelationshipsEnv>) => Promise<Response>;

const administratorOf = (tenant: Tenant): CustomerAdministrator => ({
  kind: 'customer',
  objectId: tenant.identity.objectId,
  tenantId: tenant.tenantId,
  ...(tenant.identity.name && { name: tenant.identity.name }),
  ...(tenant.identity.username && { username: tenant.identity.username }),
});

const done = {
  en: { approve: 'Approved: the admin relationship is active.', reject: 'Rejected.', terminate: 'The admin relationship has ended.' },
  tr: { approve: 'Onaylandı: yönetici ilişkisi etkin.', reject: 'Reddedildi.', terminate: 'Yönetici ilişkisi sona erdi.' },
};

/** The approval link: JSON for an API client; a browser is sent to its tenant's page, where the relationship is. */
export const showAdminRelationship =
  (deps: ApiDeps): Handler =>
  async (c) => {
    const visitor = c.var.customerAdmin;
    if (visitor.kind === 'refused') return c.html(signInPage(deps, c, visitor.refusal), 403);
    if (visitor.kind === 'signedOut') return c.html(signInPage(deps, c), 200);
    const tenant = tenantOf(visitor.admin);
    const id = c.req.param('id') ?? '';
    const found = (await adminRelationshipsOf(deps.database.collections, tenant.tenantId)).find((item) => item.id === id);
    if (visitor.admin.via === 'accessToken') {
      if (!found) throw new ProblemError({ status: 404, slug: 'not-found', detail: 'No admin relationship of your tenant with this ID' });
      return c.json(found, 200);
    }
    return c.redirect(`/partner-relationships${c.req.query('lang') ? `?lang=${encodeURIComponent(c.req.query('lang')!)}` : ''}#admin-${encodeURIComponent(id)}`, 303);
  };

/** Approve, reject or end, by the Global administrator the edge verified; a page's post carries its CSRF token. */
export const actOnAdminRelationship =
  (deps: ApiDeps, act: 'approve' | 'reject' | 'terminate'): Handler =>
  async (c) => {
    const visitor = c.var.customerAdmin;
    if (visitor.kind === 'signedOut') return c.html(signInPage(deps, c, 'required'), 401);
    if (visitor.kind === 'refused') return c.html(signInPage(deps, c, visitor.refusal), 403);
    const { admin } = visitor;
    const tenant = tenantOf(admin);
    if (admin.via === 'session') {
      const form = await c.req.parseBody();
      if (!(await admin.csrfMatches(typeof form.csrfToken === 'string' ? form.csrfToken : undefined))) {
        return c.html(await tenantPage(deps, c, tenant, { kind: 'problem', text: localeOf(c, tenant.customer) === 'tr' ? 'Bu form eski. Sayfayı yeniden yükleyin.' : 'This form is out of date. Reload the page.' }), 403);
      }
    }
    const id = c.req.param('id') ?? '';
    try {
      await customerActsOnAdminRelationship(deps, administratorOf(tenant), id, act);
    } catch (error) {
      if (admin.via === 'accessToken' || !(error instanceof ProblemError)) throw error;
      return c.html(await tenantPage(deps, c, tenant, { kind: 'problem', text: error.init.detail ?? '' }), error.init.status === 404 ? 404 : 409);
    }
    if (admin.via === 'accessToken') {
      const found = (await adminRelationshipsOf(deps.database.collections, tenant.tenantId)).find((item) => item.id === id);
      return c.json(found, 200);
    }
    return c.html(await tenantPage(deps, c, tenant, { kind: 'adminRelationship', text: done[localeOf(c, tenant.customer)][act] }), 200);
  };
