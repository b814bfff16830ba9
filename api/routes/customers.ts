import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { Collection, Filter } from 'mongodb';
import { pickLocale } from '../../content/locales.js';
import { partnerAttestationFor } from '../../domain/agreement.js';
import { cloudAdmitsCountry, usGovernmentCountryMessage } from '../../domain/clouds.js';
import { checkEligibility } from '../../domain/eligibility.js';
import { canManageRelationships } from '../../domain/roles.js';
import { initialDomain, TenantId } from '../../domain/tenants.js';
import { customerAgreementVersion } from '../../platform/config.js';
import type { CustomerDocument, EndedRelationshipDocument, RelationshipDocument } from '../../platform/documents.js';
import { activeRelationship, endedRelationshipKey, relationshipInstanceId, withoutEnded } from '../../platform/relationships.js';
import { CustomerListItem, customerListItem } from '../../platform/representations.js';
import type { addCustomer, NewCustomerOutcome } from '../../workflows/addCustomer.js';
import { addCustomerWorkflowId } from '../../workflows/definitions.js';
import { changeRecorded, relationshipEndingWorkflowId, type RelationshipEndingInput } from '../../workflows/relationshipChangeDefinitions.js';
import type { relationshipEnding } from '../../workflows/relationshipChanges.js';
import * as searchAttributes from '../../workflows/searchAttributes.js';
import { requireRelationshipManager } from '../auth.js';
import { NewCustomerBody } from '../bodies.js';
import { decodeCursor, encodeCursor } from '../cursors.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import { jsonBody, problemResponses } from '../openapiParts.js';
import { ProblemError } from '../problem.js';
import { CustomerListQuery, CustomerPage } from '../schemas.js';
import { validationHook } from '../validation.js';

const tags = ['Customers'];
const security = [{ apiKey: [] }];

const list = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listCustomers',
  tags,
  security,
  summary: "The partner's customer list: every customer with an active reseller relationship",
  description:
    'With `status=ended`, the relationships this partner ended, each kept with `endedAt`, `endedBy` and `reason`; with ' +
    '`status=all`, both. Sorted by customer, an active relationship before the ended ones of the same customer.',
  request: { query: CustomerListQuery },
  responses: {
    200: { description: 'A page of customers', content: { 'application/json': { schema: CustomerPage } } },
    ...problemResponses(400, 401, 429),
  },
});

const add = createRoute({
  method: 'post',
  path: '/',
  operationId: 'addCustomer',
  tags,
  security,
  summary: 'Add a brand-new customer: a new tenant, with the reseller relationship at once, no invitation',
  description:
    'As Partner Center\'s "Add customer": the engine creates a new tenant, assigns its ID (a GUID, `customerTenantId` ' +
    'in the answer) and its initial domain `<domainPrefix>.onmicrosoft.com` (`.onmicrosoft.us` for a partner in ' +
    'Microsoft Cloud for US Government). An existing tenant is never attached here: it is invited with ' +
    '`POST /v1/relationship-requests` and accepts. A body with `tenantId` or `domain` is a 400 naming the field. A ' +
    'prefix whose domain a customer already holds is a 409 naming `domainPrefix`; when this partner created that ' +
    'customer, `existingCustomerTenantId` names it, which is how a POST retried after a lost answer learns its tenant.',
  request: { body: jsonBody(NewCustomerBody) },
  responses: {
    201: { description: 'Customer created with the relationship', content: { 'application/json': { schema: CustomerListItem } } },
    ...problemResponses(400, 401, 403, 409, 413, 422, 429),
  },
});

const TenantParam = z.object({
  tenantId: z
    .string()
    .refine((value) => TenantId.safeParse(value).success, 'must be 1-100 letters, digits, ".", "_" or "-"')
    .openapi({ param: { name: 'tenantId', in: 'path' }, description: "The customer's tenant ID" }),
});

const EndRelationshipBody = z
  .object({ reason: z.string().trim().min(1).max(500).openapi({ description: 'Why the partner ends the relationship; the customer is told' }) })
  .strict();

const end = createRoute({
  method: 'post',
  path: '/{tenantId}/relationship/end',
  operationId: 'endRelationship',
  tags,
  security,
  summary: 'End the reseller relationship with a customer (Partner Center: "Remove reseller relationship")',
  description:
    'Admin agent or Sales agent. The relationship leaves the customer list and is kept, with `endedAt`, `endedBy` and ' +
    '`reason` (`GET /v1/customers?status=ended`); the customer is told by email, the `relationship.ended` webhook event ' +
    'is published, and a new request for the customer is possible again. Ending the same relationship at the same ' +
    'time twice records one ending, which both answers show.',
  request: { params: TenantParam, body: jsonBody(EndRelationshipBody) },
  responses: {
    200: { description: 'The ended relationship', content: { 'application/json': { schema: CustomerListItem } } },
    ...problemResponses(400, 401, 403, 404, 413, 429),
  },
});

const noActiveRelationship = () =>
  new ProblemError({ status: 404, slug: 'relationship-not-found', detail: 'This partner has no active reseller relationship with this customer' });

export function customerRoutes(deps: ApiDeps) {
  const { collections } = deps.database;
  const now = deps.now ?? (() => new Date());
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => {
      const user = c.get('user');
      const { limit, cursor, status } = c.req.valid('query');
      // Active and ended relationships have distinct `_id`s in one order (platform/relationships.ts), so one cursor
      // pages through both: the next `limit` of each, merged.
      const after = cursor ? decodeCursor(cursor) : undefined;
      const next = <T extends RelationshipDocument | EndedRelationshipDocument>(collection: Collection<T>, filter: Filter<T>) =>
        collection
          .find({ ...filter, ...(after !== undefined && { _id: { $gt: after } }) } as Filter<T>)
          .sort({ _id: 1 })
          .limit(limit + 1)
          .toArray() as Promise<T[]>;
      const [active, ended] = await Promise.all([
        status === 'ended' ? [] : next(collections.relationships, { partnerTenantId: user.partnerTenantId, type: 'reseller' }),
        status === 'active' ? [] : next(collections.endedRelationships, { partnerTenantId: user.partnerTenantId }),
      ]);
      const merged = [...active, ...ended].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
      const window = merged.slice(0, limit);
      const stillActive = new Set(await withoutEnded(collections, active.filter((r) => window.includes(r))));
      const page = window.filter((r) => 'endedAt' in r || stillActive.has(r));
      const customers = await collections.customers.find({ _id: { $in: [...new Set(page.map((r) => r.customerTenantId))] } }).toArray();
      const byId = new Map(customers.map((customer) => [customer._id, customer]));
      const last = window.at(-1);
      return c.json(
        {
          items: page.flatMap((relationship) => {
            const customer = byId.get(relationship.customerTenantId);
            return customer ? [customerListItem(relationship, customer)] : [];
          }),
          nextCursor: merged.length > limit && last ? encodeCursor(last._id) : null,
        },
        200,
      );
    })
    .openapi(add, async (c) => {
      const user = c.get('user');
      requireRelationshipManager(user);
      const body = c.req.valid('json');
      const partner = await collections.partners.findOne({ _id: user.partnerTenantId });
      if (!partner) throw new ProblemError({ status: 403, slug: 'forbidden', detail: 'Your partner tenant is not set up' });

      // A new customer is created in the partner's own cloud, so it must be a tenant that cloud can hold (a 400: no
      // relationship rule is at stake); then the region and delegated-admin rules apply.
      if (!cloudAdmitsCountry(partner.cloud, body.country)) throw countryOutsideCloud();
      const verdict = checkEligibility({
        partner: { country: partner.country, cloud: partner.cloud },
        customer: { country: body.country, cloud: partner.cloud },
        includeDelegatedAdminPrivileges: body.includeDelegatedAdminPrivileges,
        hasResellerRelationship: false,
      }, 'add');
      if (!verdict.eligible) {
        throw new ProblemError({ status: 422, slug: 'rule-violated', title: 'The customer cannot be added', detail: verdict.detail, code: verdict.code });
      }
      const domain = initialDomain(body.domainPrefix, partner.cloud);
      const holder = await collections.customers.findOne({ domain });
      if (holder) throw domainTaken(holder, partner._id);

      // The engine creates the tenant, so it assigns the ID, a GUID as Entra's are. The workflow is keyed by the
      // domain and joins a running one (USE_EXISTING): a POST of a prefix that another POST is creating waits for that
      // one and, seeing a tenant ID that is not its own, answers 409. A POST retried after its answer was lost finds
      // the domain taken, here or at the unique index in the activity: a 409, never a second tenant.
      const tenantId = randomUUID();
      const acceptedAt = now().toISOString();
      const { domainPrefix: _prefix, agreement, ...details } = body;
      const { acceptAgreement: _accepted, ...person } = agreement;
      const outcome: NewCustomerOutcome = await deps.temporal.workflow.execute<typeof addCustomer>('addCustomer', {
        workflowId: addCustomerWorkflowId(domain),
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        workflowIdConflictPolicy: 'USE_EXISTING',
        staticSummary: `${partner.name} adds new customer ${body.companyName} (${domain})`,
        args: [
          {
            ...details,
            tenantId,
            domain,
            cloud: partner.cloud,
            partnerTenantId: partner._id,
            createdBy: { userId: user.id, email: user.email },
            agreement: {
              ...person,
              acceptedAt,
              // The partner user attests, so the record is in the partner's language.
              attestation: partnerAttestationFor(pickLocale(partner.preferredLanguage), {
                partnerName: partner.name,
                partnerUserEmail: user.email,
                signatory: person,
                companyName: body.companyName,
                acceptedAt,
              }, customerAgreementVersion(deps.config)),
            },
          },
        ],
      });
      if (outcome.outcome !== 'created' || outcome.customerTenantId !== tenantId) {
        const winner = await collections.customers.findOne({ domain });
        throw domainTaken(winner, partner._id);
      }

      const [relationship, customer] = await Promise.all([
        collections.relationships.findOne({ partnerTenantId: partner._id, customerTenantId: tenantId, type: 'reseller' }),
        collections.customers.findOne({ _id: tenantId }),
      ]);
      if (!relationship || !customer) throw new Error('customer was recorded but cannot be read back');
      deps.log.info({ partner: partner._id, customer: tenantId }, 'customer added with reseller relationship');
      return c.json(customerListItem(relationship, customer), 201, { location: `/v1/customers/${tenantId}` });
    })
    .openapi(end, async (c) => {
      const user = c.get('user');
      if (!canManageRelationships(user.roles)) {
        throw new ProblemError({ status: 403, slug: 'forbidden', detail: 'Only an Admin agent or a Sales agent may end a reseller relationship' });
      }
      const { tenantId } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      const active = await activeRelationship(collections, user.partnerTenantId, tenantId);
      if (!active) throw noActiveRelationship();
      const [partner, customer, request] = await Promise.all([
        collections.partners.findOne({ _id: user.partnerTenantId }),
        collections.customers.findOne({ _id: tenantId }),
        active.origin.kind === 'request' ? collections.requests.findOne({ _id: active.origin.requestId }) : null,
      ]);
      if (!partner || !customer) throw noActiveRelationship();

      const input: RelationshipEndingInput = {
        partnerTenantId: partner._id,
        customerTenantId: customer._id,
        relationshipId: relationshipInstanceId(active),
        endedAt: now().toISOString(),
        endedBy: { userId: user.id, email: user.email },
        reason,
        parties: {
          partner: { name: partner.name, ...(partner.preferredLanguage && { preferredLanguage: partner.preferredLanguage }) },
          customer: {
            companyName: customer.companyName,
            ...(customer.preferredLanguage && { preferredLanguage: customer.preferredLanguage }),
            // The tenant's contact, and the address its relationship was requested through.
            emails: [...new Set([customer.email, ...(request ? [request.customerEmail] : [])])],
          },
        },
      };
      const workflowId = relationshipEndingWorkflowId(input);
      c.set('workflowId', workflowId);
      const outcome = await deps.temporal.workflow.executeUpdateWithStart(changeRecorded, {
        startWorkflowOperation: new WithStartWorkflowOperation<typeof relationshipEnding>('relationshipEnding', {
          workflowId,
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          args: [input],
          // Two endings of one relationship at once: the second joins the first and answers with its ending.
          workflowIdConflictPolicy: 'USE_EXISTING',
          typedSearchAttributes: [
            { key: searchAttributes.PartnerTenantId, value: partner._id },
            { key: searchAttributes.CustomerTenantId, value: customer._id },
          ],
          staticSummary: `${partner.name} ends the reseller relationship with ${customer.companyName}`,
          staticDetails: [`Relationship: ${input.relationshipId}`, `Ended by: ${user.email}`, `Reason: ${reason}`].join('\n'),
        }),
      });
      if (outcome.outcome !== 'ended') throw noActiveRelationship();
      const ended = await collections.endedRelationships.findOne({ _id: endedRelationshipKey(partner._id, customer._id, input.relationshipId) });
      if (!ended) throw new Error('the ending was recorded but cannot be read back');
      deps.log.info({ partner: partner._id, customer: customer._id, relationship: input.relationshipId }, 'reseller relationship ended');
      return c.json(customerListItem(ended, customer), 200);
    });
}

const countryOutsideCloud = () =>
  new ProblemError({
    status: 400,
    slug: 'validation',
    title: 'Your request is not valid',
    detail: `Invalid body: country: ${usGovernmentCountryMessage}`,
    errors: [{ field: 'country', message: usGovernmentCountryMessage }],
  });

/** The prefix's domain is held; the partner that created the holder learns which tenant it is (a retry's answer). */
const domainTaken = (holder: CustomerDocument | null, partnerTenantId: string) =>
  new ProblemError({
    status: 409,
    slug: 'customer-exists',
    detail: 'A customer with this domain already exists; request a reseller relationship from it instead',
    errors: [{ field: 'domainPrefix', message: 'already exists' }],
    ...(holder?.createdByPartnerTenantId === partnerTenantId && { existingCustomerTenantId: holder._id }),
  });
