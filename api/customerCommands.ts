import { randomUUID } from 'node:crypto';
import type { Collection, Filter } from 'mongodb';
import type { z } from 'zod';
import { addNewCustomer, endRelationship } from '../client/index.js';
import { pickLocale } from '../content/locales.js';
import { partnerAttestationFor } from '../domain/agreement.js';
import { cloudAdmitsCountry, usGovernmentCountryMessage } from '../domain/clouds.js';
import { checkEligibility } from '../domain/eligibility.js';
import { initialDomain } from '../domain/tenants.js';
import { clockOf } from '../platform/clock.js';
import { customerAgreementVersion } from '../platform/config.js';
import type { CustomerDocument, EndedRelationshipDocument, RelationshipDocument } from '../platform/documents.js';
import { activeRelationship, endedRelationshipKey, relationshipInstanceId, withoutEnded } from '../platform/relationships.js';
import { customerListItem, type CustomerListItem } from '../platform/representations.js';
import { relationshipEndingWorkflowId, type RelationshipEndingInput } from '../workflows/relationshipChangesContract.js';
import type { NewCustomerBody } from './bodies.js';
import { decodeCursor, encodeCursor, idsPastCursor } from './cursors.js';
import type { ApiDeps, AuthenticatedUser } from './deps.js';
import { ProblemError } from './problem.js';
import type { CustomerListQuery, CustomerPage } from './schemas.js';
import { findByIds } from '../platform/keyedReads.js';

/** A page of the partner's customers: active relationships, ended ones, or both, by customer. */
export async function listCustomers(
  deps: ApiDeps,
  user: AuthenticatedUser,
  { limit, cursor, status, q }: z.infer<typeof CustomerListQuery>,
): Promise<z.infer<typeof CustomerPage>> {
  const { collections } = deps.database;
  // A search narrows the relationships to the customers it matches; the cursor still pages by relationship.
  const matching = q === undefined ? undefined : await customersMatching(collections.customers, q);
  const ofMatching = matching === undefined ? {} : { customerTenantId: { $in: matching } };
  // Active and ended relationships have distinct `_id`s in one order (platform/relationships.ts), so one cursor
  // pages through both: the next `limit` of each, merged.
  const after = cursor ? decodeCursor(cursor) : undefined;
  const next = <T extends RelationshipDocument | EndedRelationshipDocument>(collection: Collection<T>, filter: Filter<T>) =>
    collection
      .find({ ...filter, _id: idsPastCursor(1, after) } as Filter<T>)
      .sort({ _id: 1 })
      .limit(limit + 1)
      .toArray() as Promise<T[]>;
  const [active, ended] = await Promise.all([
    status === 'ended' ? [] : next(collections.relationships, { partnerTenantId: user.partnerTenantId, type: 'reseller', ...ofMatching }),
    status === 'active' ? [] : next(collections.endedRelationships, { partnerTenantId: user.partnerTenantId, ...ofMatching }),
  ]);
  const merged = [...active, ...ended].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
  const window = merged.slice(0, limit);
  const stillActive = new Set(await withoutEnded(collections, active.filter((r) => window.includes(r))));
  const page = window.filter((r) => 'endedAt' in r || stillActive.has(r));
  const customers = await findByIds(collections.customers, page.map((r) => r.customerTenantId));
  const byId = new Map(customers.map((customer) => [customer._id, customer]));
  const last = window.at(-1);
  return {
    items: page.flatMap((relationship) => {
      const customer = byId.get(relationship.customerTenantId);
      return customer ? [customerListItem(relationship, customer)] : [];
    }),
    nextCursor: merged.length > limit && last ? encodeCursor(last._id) : null,
  };
}

/**
 * One customer as this partner knows it: the customer and this partner's relationships with it, the active one first,
 * then the ended ones, newest first. Undefined when this partner has never had a relationship with the customer: a
 * partner learns nothing of other tenants here.
 */
export async function customerOfPartner(deps: ApiDeps, user: Pick<AuthenticatedUser, 'partnerTenantId'>, tenantId: string) {
  const { collections } = deps.database;
  const [customer, active, ended] = await Promise.all([
    collections.customers.findOne({ _id: tenantId }),
    activeRelationship(collections, user.partnerTenantId, tenantId),
    endedRelationshipsOfPair(collections.endedRelationships, user.partnerTenantId, tenantId),
  ]);
  if (!customer || (!active && ended.length === 0)) return undefined;
  return {
    customer: { tenantId: customer._id, companyName: customer.companyName, domain: customer.domain, country: customer.country, cloud: customer.cloud },
    relationships: [...(active ? [customerListItem(active, customer)] : []), ...ended.map((relationship) => customerListItem(relationship, customer))],
  };
}

/**
 * The pair's ended relationships, newest first. Their `_id`s share the pair's prefix (platform/relationships.ts), so
 * they are read as one range of the partner's index; a pair ends few relationships, and all of them are shown.
 */
async function endedRelationshipsOfPair(endedRelationships: Collection<EndedRelationshipDocument>, partnerTenantId: string, customerTenantId: string) {
  const prefix = endedRelationshipKey(partnerTenantId, customerTenantId, '');
  const ended = await endedRelationships
    .find({ partnerTenantId, customerTenantId, _id: { $gte: prefix, $lt: `${prefix}\uffff` } })
    .sort({ _id: 1 })
    .toArray();
  return ended.sort((a, b) => b.endedAt.getTime() - a.endedAt.getTime());
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The tenant IDs of the customers whose name, domain or tenant ID contains `text`, in any case. */
async function customersMatching(customers: Collection<CustomerDocument>, text: string): Promise<string[]> {
  const contains = { $regex: escapeRegExp(text), $options: 'i' };
  const found = await customers.find({ $or: [{ companyName: contains }, { domain: contains }, { _id: contains }] }, { projection: { _id: 1 } }).toArray();
  return found.map((customer) => customer._id);
}

/**
 * Adds a brand-new customer with the reseller relationship at once, through its workflow: the new tenant's ID and its
 * place in the customer list.
 */
export async function addCustomer(
  deps: ApiDeps,
  user: AuthenticatedUser,
  body: z.infer<typeof NewCustomerBody>,
): Promise<{ tenantId: string; item: z.infer<typeof CustomerListItem> }> {
  const { collections } = deps.database;
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
  const acceptedAt = clockOf(deps)().toISOString();
  const { domainPrefix: _prefix, agreement, ...details } = body;
  const { acceptAgreement: _accepted, ...person } = agreement;
  const outcome = await addNewCustomer(
    deps.temporal,
    { taskQueue: deps.config.TEMPORAL_TASK_QUEUE },
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
    partner.name,
  );
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
  return { tenantId, item: customerListItem(relationship, customer) };
}

/**
 * Ends the partner's reseller relationship with a customer through its workflow (`track` learns the workflow's ID
 * first): the ended relationship as the customer list shows it.
 */
export async function endCustomerRelationship(
  deps: ApiDeps,
  user: AuthenticatedUser,
  { tenantId, reason }: { tenantId: string; reason: string },
  track: (workflowId: string) => void,
): Promise<z.infer<typeof CustomerListItem>> {
  const { collections } = deps.database;
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
    endedAt: clockOf(deps)().toISOString(),
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
  track(relationshipEndingWorkflowId(input));
  // Two endings of one relationship at once: the second joins the first, or finds it closed, and answers with its ending.
  const outcome = await endRelationship(deps.temporal, { taskQueue: deps.config.TEMPORAL_TASK_QUEUE }, input);
  if (outcome.outcome !== 'ended' && outcome.outcome !== 'closedBefore') throw noActiveRelationship();
  const ended = await collections.endedRelationships.findOne({ _id: endedRelationshipKey(partner._id, customer._id, input.relationshipId) });
  if (!ended) {
    if (outcome.outcome === 'closedBefore') throw noActiveRelationship();
    throw new Error('the ending was recorded but cannot be read back');
  }
  deps.log.info({ partner: partner._id, customer: customer._id, relationship: input.relationshipId }, 'reseller relationship ended');
  return customerListItem(ended, customer);
}

const noActiveRelationship = () =>
  new ProblemError({ status: 404, slug: 'relationship-not-found', detail: 'This partner has no active reseller relationship with this customer' });

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
