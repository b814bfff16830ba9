import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import type {
  AccessAssignmentDocument,
  AdminRelationshipDocument,
  RoleTemplateDocument,
  AgreementAcceptanceDocument,
  CustomerDocument,
  EndedRelationshipDocument,
  OutboxDocument,
  PartnerDocument,
  PartnerUserDocument,
  RelationshipDocument,
  RelationshipEventDocument,
  RelationshipRequestDocument,
  WebhookDeliveryDocument,
  WebhookEndpointDocument,
  WebhookEventDocument,
} from './documents.js';
import type { BatchDocument, BatchItemDocument, IdempotencyKeyDocument } from './batchDocuments.js';
import type { QuotaEventDocument } from './quotas.js';
import type { WebhookEndpointSlotDocument } from './webhookEndpointSlots.js';
import type { Logger } from './logger.js';
import { watchMonitors } from './mongoMonitorWatchdog.js';
import { logTopologyChanges } from './mongoTopology.js';

/**
 * The hot paths read and write one document by `_id` (natural keys: request IDs, idempotency keys, the partner and
 * customer pair): the embedded FerretDB pushes only a filter on `_id` down to its SQLite index, and scans for any other.
 */
export function collectionsOf(db: Db) {
  return {
    partners: db.collection<PartnerDocument>('partners'),
    partnerUsers: db.collection<PartnerUserDocument>('partnerUsers'),
    customers: db.collection<CustomerDocument>('customers'),
    requests: db.collection<RelationshipRequestDocument>('relationshipRequests'),
    /** Active relationships only, one per pair; an ending moves one to `endedRelationships` (platform/relationships.ts). */
    relationships: db.collection<RelationshipDocument>('relationships'),
    endedRelationships: db.collection<EndedRelationshipDocument>('endedRelationships'),
    relationshipEvents: db.collection<RelationshipEventDocument>('relationshipEvents'),
    agreementAcceptances: db.collection<AgreementAcceptanceDocument>('agreementAcceptances'),
    outbox: db.collection<OutboxDocument>('outbox'),
    batches: db.collection<BatchDocument>('relationshipRequestBatches'),
    batchItems: db.collection<BatchItemDocument>('relationshipRequestBatchItems'),
    idempotencyKeys: db.collection<IdempotencyKeyDocument>('idempotencyKeys'),
    webhookEndpoints: db.collection<WebhookEndpointDocument>('webhookEndpoints'),
    webhookEvents: db.collection<WebhookEventDocument>('webhookEvents'),
    webhookDeliveries: db.collection<WebhookDeliveryDocument>('webhookDeliveries'),
    /** Admitted events of the quotas (platform/quotas.ts), kept until `expiresAt`. */
    quotaEvents: db.collection<QuotaEventDocument>('quotaEvents'),
    webhookEndpointSlots: db.collection<WebhookEndpointSlotDocument>('webhookEndpointSlots'),
    adminRelationships: db.collection<AdminRelationshipDocument>('adminRelationships'),
    accessAssignments: db.collection<AccessAssignmentDocument>('adminAccessAssignments'),
    roleTemplates: db.collection<RoleTemplateDocument>('adminRoleTemplates'),
  };
}
export type Collections = ReturnType<typeof collectionsOf>;

/** Idempotent: creating an index that exists with the same spec is a no-op. */
export async function ensureIndexes(collections: Collections): Promise<void> {
  await Promise.all([
    collections.partnerUsers.createIndex({ apiKeyHash: 1 }, { unique: true, name: 'apiKeyHash_unique' }),
    collections.customers.createIndex({ domain: 1 }, { unique: true, name: 'domain_unique' }),
    collections.requests.createIndex({ partnerTenantId: 1, _id: -1 }, { name: 'partner_newest' }),
    collections.requests.createIndex({ partnerTenantId: 1, status: 1, _id: -1 }, { name: 'partner_status_newest' }),
    collections.relationships.createIndex(
      { partnerTenantId: 1, customerTenantId: 1, type: 1 },
      { unique: true, name: 'partner_customer_type_unique' },
    ),
    collections.relationships.createIndex({ customerTenantId: 1 }, { name: 'customer' }),
    // The customer list pages a partner's relationships by `_id` (api/customerCommands.ts), as it pages the ended ones.
    collections.relationships.createIndex({ partnerTenantId: 1, _id: 1 }, { name: 'partner' }),
    collections.endedRelationships.createIndex({ partnerTenantId: 1, _id: 1 }, { name: 'partner' }),
    collections.relationshipEvents.createIndex({ relationshipId: 1 }, { name: 'relationship' }),
    collections.agreementAcceptances.createIndex({ customerTenantId: 1 }, { name: 'customer' }),
    collections.batches.createIndex({ partnerTenantId: 1, _id: -1 }, { name: 'partner_newest' }),
    collections.adminRelationships.createIndex({ partnerTenantId: 1, displayName: 1 }, { unique: true, name: 'partner_displayName_unique' }),
    collections.adminRelationships.createIndex({ partnerTenantId: 1, _id: -1 }, { name: 'partner_newest' }),
    collections.adminRelationships.createIndex({ customerTenantId: 1 }, { name: 'customer' }),
    collections.accessAssignments.createIndex({ relationshipId: 1 }, { name: 'relationship' }),
    collections.roleTemplates.createIndex({ partnerTenantId: 1, name: 1 }, { unique: true, name: 'partner_name_unique' }),
    collections.webhookEndpoints.createIndex({ partnerTenantId: 1, _id: -1 }, { name: 'partner_newest' }),
    collections.webhookDeliveries.createIndex({ endpointId: 1, seq: -1 }, { name: 'endpoint_newest' }),
    expiryIndex(collections.quotaEvents),
  ]);
}

/**
 * MongoDB removes expired quota events itself. FerretDB v1 answers "Index option expireAfterSeconds is not implemented
 * yet" (code 238): there the API's sweep removes them (api/quotas.ts), and counting never needed the index.
 */
async function expiryIndex(quotaEvents: Collections['quotaEvents']): Promise<void> {
  try {
    await quotaEvents.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0, name: 'expires' });
  } catch (error) {
    if (!(typeof error === 'object' && error !== null && (error as { code?: unknown }).code === notImplemented)) throw error;
  }
}
const notImplemented = 238;

export type Database = { client: MongoClient; db: Db; collections: Collections; close(): Promise<void> };

/**
 * How the driver notices an outage and its end. Its defaults wait 30 s to pick a server and check one every 10 s; here
 * an operation gives up after 5 s (the API answers 503, a workflow step retries), a server that came back is seen
 * within 2 s, and no socket or pool wait is unbounded. FerretDB has no streaming `hello`, so the monitor polls.
 */
export const driverSettings = {
  serverSelectionTimeoutMS: 5_000,
  heartbeatFrequencyMS: 2_000,
  connectTimeoutMS: 5_000,
  socketTimeoutMS: 30_000,
  waitQueueTimeoutMS: 10_000,
  serverMonitoringMode: 'poll',
} as const satisfies MongoClientOptions;

export async function connectDatabase(uri: string, dbName: string, options: { log?: Logger } = {}): Promise<Database> {
  const client = new MongoClient(uri, { ...driverSettings, appName: 'reseller-relationships' });
  const stopWatching = options.log ? watchMonitors(client, { heartbeatFrequencyMS: driverSettings.heartbeatFrequencyMS, log: options.log }) : undefined;
  if (options.log) logTopologyChanges(client, options.log);
  await client.connect();
  const db = client.db(dbName);
  const collections = collectionsOf(db);
  await ensureIndexes(collections);
  return {
    client,
    db,
    collections,
    close: () => {
      stopWatching?.();
      return client.close();
    },
  };
}
