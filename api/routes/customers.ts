import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { v7 as uuidv7 } from 'uuid';
import type { Filter } from 'mongodb';
import { pickLocale } from '../../content/locales.js';
import { partnerAttestationFor } from '../../domain/agreement.js';
import { cloudAdmitsCountry, usGovernmentCountryMessage } from '../../domain/clouds.js';
import { checkEligibility } from '../../domain/eligibility.js';
import { customerAgreementVersion } from '../../platform/config.js';
import type { RelationshipDocument } from '../../platform/documents.js';
import type { addCustomer, NewCustomerOutcome } from '../../workflows/addCustomer.js';
import { addCustomerWorkflowId } from '../../workflows/definitions.js';
import { requireRelationshipManager } from '../auth.js';
import { NewCustomerBody } from '../bodies.js';
import type { ApiDeps, AppEnv } from '../deps.js';
import { jsonBody, problemResponses } from '../openapiParts.js';
import { ProblemError } from '../problem.js';
import { CustomerListItem, CustomerPage, ListQuery } from '../schemas.js';
import { validationHook } from '../validation.js';
import { customerListItem, decodeCursor, encodeCursor } from '../views.js';

const tags = ['Customers'];
const security = [{ apiKey: [] }];

const list = createRoute({
  method: 'get',
  path: '/',
  tags,
  security,
  summary: "The partner's customer list: every customer with a reseller relationship",
  request: { query: ListQuery },
  responses: {
    200: { description: 'A page of customers', content: { 'application/json': { schema: CustomerPage } } },
    ...problemResponses(400, 401, 429),
  },
});

const add = createRoute({
  method: 'post',
  path: '/',
  tags,
  security,
  summary: 'Add a brand-new customer: the reseller relationship exists at once, no invitation',
  request: { body: jsonBody(NewCustomerBody) },
  responses: {
    201: { description: 'Customer created with the relationship', content: { 'application/json': { schema: CustomerListItem } } },
    ...problemResponses(400, 401, 403, 409, 413, 422, 429),
  },
});

export function customerRoutes(deps: ApiDeps) {
  const { collections } = deps.database;
  const now = deps.now ?? (() => new Date());
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(list, async (c) => {
      const user = c.get('user');
      const { limit, cursor } = c.req.valid('query');
      const filter: Filter<RelationshipDocument> = { partnerTenantId: user.partnerTenantId, type: 'reseller' };
      if (cursor) filter._id = { $gt: decodeCursor(cursor) };
      const relationships = await collections.relationships.find(filter).sort({ _id: 1 }).limit(limit + 1).toArray();
      const page = relationships.slice(0, limit);
      const customers = await collections.customers.find({ _id: { $in: page.map((r) => r.customerTenantId) } }).toArray();
      const byId = new Map(customers.map((customer) => [customer._id, customer]));
      const last = page.at(-1);
      return c.json(
        {
          items: page.flatMap((relationship) => {
            const customer = byId.get(relationship.customerTenantId);
            return customer ? [customerListItem(relationship, customer)] : [];
          }),
          nextCursor: relationships.length > limit && last ? encodeCursor(last._id) : null,
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
      });
      if (!verdict.eligible) {
        throw new ProblemError({ status: 422, slug: 'rule-violated', title: 'The customer cannot be added', detail: verdict.detail, code: verdict.code });
      }
      const taken = await collections.customers.findOne(
        body.tenantId ? { $or: [{ domain: body.domain }, { _id: body.tenantId }] } : { domain: body.domain },
      );
      if (taken) throw customerExists(taken.domain === body.domain ? 'domain' : 'tenantId');

      const tenantId = body.tenantId ?? uuidv7();
      const acceptedAt = now().toISOString();
      const { acceptAgreement: _accepted, ...person } = body.agreement;
      const outcome: NewCustomerOutcome = await deps.temporal.workflow.execute<typeof addCustomer>('addCustomer', {
        workflowId: addCustomerWorkflowId(partner._id, tenantId),
        taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
        workflowIdConflictPolicy: 'USE_EXISTING',
        staticSummary: `${partner.name} adds new customer ${body.companyName}`,
        args: [
          {
            ...body,
            tenantId,
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
      if (outcome.outcome === 'conflict') throw customerExists(outcome.field);

      const [relationship, customer] = await Promise.all([
        collections.relationships.findOne({ partnerTenantId: partner._id, customerTenantId: tenantId, type: 'reseller' }),
        collections.customers.findOne({ _id: tenantId }),
      ]);
      if (!relationship || !customer) throw new Error('customer was recorded but cannot be read back');
      deps.log.info({ partner: partner._id, customer: tenantId }, 'customer added with reseller relationship');
      return c.json(customerListItem(relationship, customer), 201, { location: `/v1/customers/${tenantId}` });
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

const customerExists = (field: 'domain' | 'tenantId') =>
  new ProblemError({
    status: 409,
    slug: 'customer-exists',
    detail: `A customer with this ${field} already exists; request a reseller relationship from it instead`,
    errors: [{ field, message: 'already exists' }],
  });
