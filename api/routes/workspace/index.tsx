import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  CustomerPage,
  CustomersPage,
  EndRelationshipPage,
  ForbiddenPage,
  InvitationSentPage,
  NewRelationshipPage,
  NotFoundPage,
  RequestPage,
  RequestsPage,
  SignInPage,
  type NewRelationshipField,
  type SignInProblem,
} from '../../../content/workspace/pages.js';
import { workspaceMessages } from '../../../content/workspace/messages.js';
import { RequestAsk } from '../../../domain/requestAsk.js';
import { canManageRelationships } from '../../../domain/roles.js';
import { TenantId } from '../../../domain/tenants.js';
import { customerOfPartner, endCustomerRelationship, listCustomers } from '../../customerCommands.js';
import { createRelationshipRequest, decideRequest, findPartnerRequest, findPartnerRequests, RequestClosedError, resendInvitation } from '../../requestCommands.js';
import { RequestStatus } from '../../../domain/relationshipRequest.js';
import { clockOf } from '../../../platform/clock.js';
import { requestDetail, requestSummary } from '../../../platform/representations.js';
import type { ApiDeps } from '../../deps.js';
import type { PartnerSignIn, WorkspaceUser } from '../../identity/partnerSignIn.js';
import { ProblemError, problemResponse } from '../../problem.js';
import { workspaceAdminRelationshipRoutes } from './adminRelationships.js';
import { workspaceBatchRoutes } from './batches.js';
import { workspaceKit } from './kit.js';
import { workspaceNewCustomerRoutes } from './newCustomer.js';
import { workspaceWebhookRoutes } from './webhooks.js';

const SignInQuery = z.object({ problem: z.enum(['failed', 'not-a-partner', 'no-partner-role']).optional(), signedOut: z.literal('1').optional() });
const CustomersQuery = z.object({
  status: z.enum(['active', 'ended', 'all']).catch('active'),
  cursor: z.string().max(400).optional(),
  // An empty or overlong search is no search: the form's field is optional and bounded.
  q: z.string().trim().max(100).optional().catch(undefined).transform((text) => text || undefined),
});

/**
 * The partner workspace: partner users sign in with the same provider as customers, and work on the engine's own
 * commands. Pages are rendered on the server and need no script; every form post carries the session's CSRF token.
 */
export function workspaceRoutes(deps: ApiDeps, signIn: PartnerSignIn, options: { secureCookies: boolean }) {
  const app = new Hono();
  const kit = workspaceKit(deps, signIn, options);
  const { locale, page, asApiUser, userOr } = kit;
  const EndForm = z.object({ csrf: z.string().optional(), reason: z.string().optional() });

  app.get('/', (c) => c.redirect('/workspace/customers', 303));

  app.get('/sign-in', async (c) => {
    if (await signIn.signedIn(c)) return c.redirect('/workspace/customers', 303);
    const query = SignInQuery.catch({}).parse(c.req.query());
    return page(c, <SignInPage locale={locale(c)} problem={query.problem as SignInProblem | undefined} signedOut={query.signedOut === '1'} />);
  });
  app.get('/sign-in/start', (c) => signIn.start(c, '/workspace/customers'));
  app.get('/auth/callback', (c) => signIn.callback(c));

  app.post('/sign-out', async (c) => {
    const form = await c.req.parseBody();
    if (!(await signIn.checkCsrf(c, typeof form.csrf === 'string' ? form.csrf : undefined))) {
      return problemResponse(c, { status: 403, slug: 'csrf', detail: 'This form is out of date or was not sent from the workspace: reload the page and try again' });
    }
    signIn.signOut(c);
    return c.redirect('/workspace/sign-in?signedOut=1', 303);
  });

  app.get('/customers', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    const query = CustomersQuery.parse(c.req.query());
    const result = await listCustomers(
      deps,
      asApiUser(user),
      { limit: 25, status: query.status, ...(query.cursor && { cursor: query.cursor }), ...(query.q && { q: query.q }) },
    ).catch((error: unknown) => {
      // A cursor that is not one of ours starts the list again rather than failing the page.
      if (query.cursor) return undefined;
      throw error;
    });
    if (!result) return c.redirect(`/workspace/customers?status=${query.status}${query.q ? `&q=${encodeURIComponent(query.q)}` : ''}`, 303);
    return page(
      c,
      <CustomersPage locale={locale(c)} user={user} canManage={canManageRelationships(user.roles)} status={query.status} q={query.q} items={result.items} nextCursor={result.nextCursor} paged={Boolean(query.cursor)} />,
    );
  });

  // Before the customer's page, whose path it would otherwise match.
  app.route('/customers/new', workspaceNewCustomerRoutes(kit));

  /** This partner's customer of the path, or the page saying there is none (for any tenant it has no relationship with). */
  const customerOr = async (c: Context, user: WorkspaceUser) => {
    const tenantId = c.req.param('tenantId') ?? '';
    const found = TenantId.safeParse(tenantId).success ? await customerOfPartner(deps, user, tenantId) : undefined;
    return found ?? page(c, <NotFoundPage locale={locale(c)} user={user} />, 404);
  };

  app.get('/customers/:tenantId', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    const found = await customerOr(c, user);
    if (found instanceof Response) return found;
    return page(
      c,
      <CustomerPage
        locale={locale(c)}
        user={user}
        customer={found.customer}
        relationships={found.relationships}
        canManage={canManageRelationships(user.roles)}
        notice={c.req.query('ended') === '1' ? 'ended' : c.req.query('added') === '1' ? 'added' : undefined}
      />,
    );
  });

  app.get('/customers/:tenantId/end', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    if (!canManageRelationships(user.roles)) return page(c, <ForbiddenPage locale={locale(c)} user={user} reason="role" />, 403);
    const found = await customerOr(c, user);
    if (found instanceof Response) return found;
    const active = found.relationships.some((relationship) => relationship.status === 'active');
    return page(c, <EndRelationshipPage locale={locale(c)} user={user} customer={found.customer} error={active ? undefined : 'noActive'} />, active ? 200 : 409);
  });

  // Ends the relationship through the API's own command: the same checks, the same workflow, the same records.
  app.post('/customers/:tenantId/end', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    const form = EndForm.parse(await c.req.parseBody());
    if (!(await signIn.checkCsrf(c, form.csrf))) return page(c, <ForbiddenPage locale={locale(c)} user={user} reason="csrf" />, 403);
    if (!canManageRelationships(user.roles)) return page(c, <ForbiddenPage locale={locale(c)} user={user} reason="role" />, 403);
    const found = await customerOr(c, user);
    if (found instanceof Response) return found;
    const reason = (form.reason ?? '').trim().slice(0, 500);
    const view = { locale: locale(c), user, customer: found.customer, reason };
    if (!reason) return page(c, <EndRelationshipPage {...view} error="reasonMissing" />, 400);
    try {
      await endCustomerRelationship(deps, asApiUser(user), { tenantId: found.customer.tenantId, reason }, () => {});
    } catch (error) {
      if (error instanceof ProblemError && error.init.status === 404) return page(c, <EndRelationshipPage {...view} error="noActive" />, 409);
      throw error;
    }
    return c.redirect(`/workspace/customers/${encodeURIComponent(found.customer.tenantId)}?ended=1`, 303);
  });

  const NewRelationshipForm = z.object({
    csrf: z.string().optional(),
    customer: z.string().default(''),
    email: z.string().default(''),
    message: z.string().default(''),
    delegatedAdmin: z.string().optional(),
  });
  /** Where a field of the API's body is on the form. */
  const formFieldOf = (path: PropertyKey | undefined): NewRelationshipField =>
    path === 'customerEmail' ? 'email' : path === 'message' ? 'message' : path === 'includeDelegatedAdminPrivileges' ? 'delegatedAdmin' : 'customer';
  const isUsGovernmentPartner = async (user: WorkspaceUser) => (await deps.database.collections.partners.findOne({ _id: user.partnerTenantId }))?.cloud === 'usgov';

  app.get('/relationships/new', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    if (!canManageRelationships(user.roles)) return page(c, <ForbiddenPage locale={locale(c)} user={user} reason="role" />, 403);
    const customer = TenantId.safeParse(c.req.query('customer')).success ? c.req.query('customer') : undefined;
    return page(c, <NewRelationshipPage locale={locale(c)} user={user} delegatedAdminRequired={await isUsGovernmentPartner(user)} values={{ ...(customer && { customer }) }} />);
  });

  // Opens the request through the API's own command: the same rules, quotas, workflow, email and link.
  app.post('/relationships/new', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    const lang = locale(c);
    const form = NewRelationshipForm.parse(await c.req.parseBody());
    if (!(await signIn.checkCsrf(c, form.csrf))) return page(c, <ForbiddenPage locale={lang} user={user} reason="csrf" />, 403);
    if (!canManageRelationships(user.roles)) return page(c, <ForbiddenPage locale={lang} user={user} reason="role" />, 403);
    const m = workspaceMessages[lang].newRelationship.errors;
    const delegatedAdminRequired = await isUsGovernmentPartner(user);
    const values = { customer: form.customer.trim(), email: form.email.trim(), message: form.message, delegatedAdmin: form.delegatedAdmin === 'on' };
    const again = (status: 400 | 409, errors: Partial<Record<NewRelationshipField, string>>, problem?: string) =>
      page(c, <NewRelationshipPage locale={lang} user={user} delegatedAdminRequired={delegatedAdminRequired} values={values} errors={errors} problem={problem} />, status);

    // A domain has a dot; a tenant ID has none.
    const ask = RequestAsk.safeParse({
      ...(values.customer.includes('.') ? { customerDomain: values.customer } : { customerTenantId: values.customer }),
      customerEmail: values.email,
      includeDelegatedAdminPrivileges: values.delegatedAdmin,
      ...(values.message.trim() && { message: values.message }),
    });
    if (!ask.success) {
      const errors: Partial<Record<NewRelationshipField, string>> = {};
      for (const issue of ask.error.issues) {
        const name = formFieldOf(issue.path[0]);
        errors[name] ??= name === 'email' ? m.email : name === 'message' ? m.message : m.customer;
      }
      if (!values.customer) errors.customer = m.customer;
      return again(400, errors);
    }
    try {
      const opened = await createRelationshipRequest(deps, asApiUser(user), ask.data);
      const customer = await deps.database.collections.customers.findOne({ _id: opened.customerTenantId });
      return page(
        c,
        <InvitationSentPage locale={lang} user={user} companyName={customer?.companyName ?? opened.customerTenantId} invitationUrl={opened.invitationUrl} email={opened.email} expiresAt={opened.expiresAt} />,
      );
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      const { status, slug, code } = { code: undefined, ...error.init } as { status: number; slug: string; code?: string };
      if (slug === 'customer-not-found') return again(400, { customer: m.unknownCustomer });
      if (slug === 'open-request-exists') return again(409, {}, m.alreadyOpen);
      if (slug === 'rule-violated' && code) return again(409, { [code === 'delegated_admin_required' ? 'delegatedAdmin' : 'customer']: m.rules[code] ?? error.init.detail });
      if (status === 429) return again(409, {}, m.quota);
      throw error;
    }
  });

  const RequestsQuery = z.object({ status: z.enum(['all', ...RequestStatus.options]).catch('all'), cursor: z.string().max(400).optional() });
  const RequestNotice = z.enum(['resent', 'cancelled', 'closed', 'quota']).optional().catch(undefined);
  const requestOr = (c: Context, user: WorkspaceUser) => kit.foundOr(c, user, (apiUser, id) => findPartnerRequest(deps, apiUser, id));

  app.get('/requests', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    const query = RequestsQuery.parse(c.req.query());
    const result = await findPartnerRequests(deps, user, { limit: 25, ...(query.status !== 'all' && { status: query.status }), ...(query.cursor && { cursor: query.cursor }) }).catch(
      (error: unknown) => {
        if (query.cursor) return undefined;
        throw error;
      },
    );
    if (!result) return c.redirect(`/workspace/requests?status=${query.status}`, 303);
    // Each request keeps its customer's name as it was asked: no lookup of the customers.
    const items = result.items.map((request) => ({ ...requestSummary(request), companyName: request.parties.customer.companyName }));
    return page(c, <RequestsPage locale={locale(c)} user={user} status={query.status} items={items} nextCursor={result.nextCursor} paged={Boolean(query.cursor)} />);
  });

  app.get('/requests/:id', async (c) => {
    const user = await userOr(c);
    if (user instanceof Response) return user;
    const request = await requestOr(c, user);
    if (request instanceof Response) return request;
    const canManage = canManageRelationships(user.roles);
    // The link answers for the customer: only the roles that act on requests see it, as in the API.
    const detail = requestDetail(request, canManage ? deps.links : undefined);
    return page(
      c,
      <RequestPage
        locale={locale(c)}
        user={user}
        companyName={request.parties.customer.companyName}
        request={{ ...detail, invitationUrl: detail.invitationUrl ?? undefined, events: detail.events.map((event) => ({ type: event.type, at: event.at, actor: event.actor })) }}
        canManage={canManage}
        notice={RequestNotice.parse(c.req.query('notice'))}
      />,
    );
  });

  /** A form post on a request: the token, the role, the request, then `act`; back to the request, saying what happened. */
  const onRequest = (act: (request: Awaited<ReturnType<typeof findPartnerRequest>>, user: WorkspaceUser, form: Record<string, unknown>) => Promise<'resent' | 'cancelled'>) =>
    async (c: Context) => {
      const user = await userOr(c);
      if (user instanceof Response) return user;
      const form = await c.req.parseBody();
      if (!(await signIn.checkCsrf(c, typeof form.csrf === 'string' ? form.csrf : undefined))) return page(c, <ForbiddenPage locale={locale(c)} user={user} reason="csrf" />, 403);
      if (!canManageRelationships(user.roles)) return page(c, <ForbiddenPage locale={locale(c)} user={user} reason="role" />, 403);
      const request = await requestOr(c, user);
      if (request instanceof Response) return request;
      const back = (notice: string) => c.redirect(`/workspace/requests/${encodeURIComponent(request._id)}?notice=${notice}`, 303);
      try {
        return back(await act(request, user, form));
      } catch (error) {
        if (error instanceof RequestClosedError) return back('closed');
        if (error instanceof ProblemError && error.init.status === 429) return back('quota');
        throw error;
      }
    };

  // Both through the API's own commands: the same quotas, the same workflow messages, recorded as the user's.
  app.post(
    '/requests/:id/resend',
    onRequest(async (request, user) => {
      await resendInvitation(deps, request, asApiUser(user));
      return 'resent';
    }),
  );
  app.post(
    '/requests/:id/cancel',
    onRequest(async (request, user, form) => {
      const reason = typeof form.reason === 'string' ? form.reason.trim().slice(0, 500) : '';
      await decideRequest(deps, request, { kind: 'cancel', at: clockOf(deps)().toISOString(), by: { userId: user.id, email: user.email }, ...(reason && { reason }) });
      return 'cancelled';
    }),
  );

  app.route('/batches', workspaceBatchRoutes(kit));
  app.route('/webhooks', workspaceWebhookRoutes(kit));
  app.route('/admin-relationships', workspaceAdminRelationshipRoutes(kit));

  return app;
}
