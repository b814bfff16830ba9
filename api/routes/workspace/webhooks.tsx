import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { webhookMessages } from '../../../content/workspace/webhookMessages.js';
import { DeleteWebhookPage, SecretPage, WebhookPage, WebhooksPage, type EndpointRow, type WebhookField } from '../../../content/workspace/webhookPages.js';
import { WebhookEventType } from '../../../domain/webhookEvents.js';
import type { PartnerRole } from '../../../domain/roles.js';
import { clockOf } from '../../../platform/clock.js';
import type { WebhookEndpointDocument } from '../../../platform/documents.js';
import { checkTargetUrl } from '../../../platform/webhookTargets.js';
import type { WorkspaceUser } from '../../identity/partnerSignIn.js';
import { ProblemError } from '../../problem.js';
import { deleteEndpoint, findPartnerEndpoint, listDeliveries, listEndpoints, registerEndpoint, rotateSecret } from '../../webhookEndpointCommands.js';
import { CreateWebhookEndpointBody, webhookDeliveryView, webhookEndpointView } from '../../webhookSchemas.js';
import type { WorkspaceKit } from './kit.js';

const isAdminAgent = (roles: readonly PartnerRole[]) => roles.includes('AdminAgent');
const ListQuery = z.object({ cursor: z.string().max(400).optional().catch(undefined), notice: z.literal('deleted').optional().catch(undefined) });

/**
 * Webhook endpoints for Admin agents, on the API's own commands: the URL checks, the per-partner limit, sealed secrets
 * and rotation. A secret is shown in the page that answers the post that made it, never in a URL.
 */
export function workspaceWebhookRoutes(kit: WorkspaceKit) {
  const { deps, locale, page, asApiUser, userOr, formUserOr, forbidden } = kit;
  const now = clockOf(deps);
  const app = new Hono();
  const row = (endpoint: WebhookEndpointDocument): EndpointRow => webhookEndpointView(endpoint, now());

  /** The signed-in Admin agent, or the answer that refuses. */
  const adminOr = async (c: Context) => {
    const user = await userOr(c);
    if (user instanceof Response || isAdminAgent(user.roles)) return user;
    return forbidden(c, user, 'role');
  };

  const listPage = async (c: Context, user: WorkspaceUser, form: Omit<Parameters<typeof WebhooksPage>[0], 'locale' | 'user' | 'eventTypes' | 'items' | 'nextCursor' | 'paged'> = {}, status: 200 | 400 | 409 = 200) => {
    const { cursor, notice } = ListQuery.parse(c.req.query());
    const found = await listEndpoints(deps, user, { limit: 20, cursor }).catch((error: unknown) => {
      if (cursor) return undefined;
      throw error;
    });
    if (!found) return c.redirect('/workspace/webhooks', 303);
    return page(
      c,
      <WebhooksPage
        locale={locale(c)}
        user={user}
        eventTypes={WebhookEventType.options}
        items={found.items.map(row)}
        nextCursor={found.nextCursor}
        paged={Boolean(cursor)}
        notice={notice}
        {...form}
      />,
      status,
    );
  };

  app.get('/', async (c) => {
    const user = await adminOr(c);
    if (user instanceof Response) return user;
    return listPage(c, user);
  });

  app.post('/', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const user = await formUserOr(c, form, isAdminAgent);
    if (user instanceof Response) return user;
    const m = webhookMessages[locale(c)].errors;
    const eventTypes = ([] as unknown[]).concat(form.eventTypes ?? []).filter((type): type is string => typeof type === 'string');
    const values = { url: typeof form.url === 'string' ? form.url : '', eventTypes, description: typeof form.description === 'string' ? form.description : '' };
    const body = CreateWebhookEndpointBody.safeParse({ url: values.url, eventTypes, ...(values.description.trim() && { description: values.description }) });
    if (!body.success) {
      const errors: Partial<Record<WebhookField, string>> = {};
      for (const issue of body.error.issues) {
        const field = issue.path[0] === 'eventTypes' ? 'events' : issue.path[0] === 'description' ? 'description' : 'url';
        errors[field] ??= m[field];
      }
      // The URL's own checks too, so that one post names every field to fix.
      if (!errors.url && 'problem' in (await checkTargetUrl(values.url, deps.webhooks))) errors.url = m.url;
      return listPage(c, user, { values, errors }, 400);
    }
    try {
      const { endpoint, secret } = await registerEndpoint(deps, asApiUser(user), body.data, now());
      return page(c, <SecretPage locale={locale(c)} user={user} endpoint={row(endpoint)} secret={secret} rotated={false} />);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      if (error.init.status === 400) return listPage(c, user, { values, errors: { url: m.url } }, 400);
      if (error.init.slug === 'quota-exceeded') return listPage(c, user, { values, problem: m.limit(Number(error.init.limit)) }, 409);
      if (error.init.status === 429) return listPage(c, user, { values, problem: m.quota }, 409);
      throw error;
    }
  });

  const endpointOr = (c: Context, user: WorkspaceUser) => kit.foundOr(c, user, (apiUser, id) => findPartnerEndpoint(deps, apiUser, id));

  app.get('/:id', async (c) => {
    const user = await adminOr(c);
    if (user instanceof Response) return user;
    const endpoint = await endpointOr(c, user);
    if (endpoint instanceof Response) return endpoint;
    const { cursor } = ListQuery.parse(c.req.query());
    const found = await listDeliveries(deps, endpoint, { limit: 25, cursor });
    return page(
      c,
      <WebhookPage locale={locale(c)} user={user} endpoint={row(endpoint)} deliveries={found.items.map(webhookDeliveryView)} nextCursor={found.nextCursor} paged={Boolean(cursor)} />,
    );
  });

  app.post('/:id/rotate', async (c) => {
    const user = await formUserOr(c, await c.req.parseBody(), isAdminAgent);
    if (user instanceof Response) return user;
    const endpoint = await endpointOr(c, user);
    if (endpoint instanceof Response) return endpoint;
    const rotated = await rotateSecret(deps, asApiUser(user), endpoint._id, now());
    return page(c, <SecretPage locale={locale(c)} user={user} endpoint={row(rotated.endpoint)} secret={rotated.secret} rotated />);
  });

  app.get('/:id/delete', async (c) => {
    const user = await adminOr(c);
    if (user instanceof Response) return user;
    const endpoint = await endpointOr(c, user);
    if (endpoint instanceof Response) return endpoint;
    return page(c, <DeleteWebhookPage locale={locale(c)} user={user} endpoint={row(endpoint)} />);
  });

  app.post('/:id/delete', async (c) => {
    const user = await formUserOr(c, await c.req.parseBody(), isAdminAgent);
    if (user instanceof Response) return user;
    const endpoint = await endpointOr(c, user);
    if (endpoint instanceof Response) return endpoint;
    await deleteEndpoint(deps, asApiUser(user), endpoint._id, now());
    return c.redirect('/workspace/webhooks?notice=deleted', 303);
  });

  return app;
}
