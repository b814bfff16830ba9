import type { AccessAssignmentStatus, AdminRelationshipActor, AdminRelationshipClosing, AdminRelationshipStatus } from '../domain/adminRelationships.js';
import type { Attestation } from '../domain/agreement.js';
import type { RuleCode } from '../domain/eligibility.js';
import type { Acceptance, Actor, CustomerDecider, PartnerUserRef, RequestParties, RequestStatus } from '../domain/relationshipRequest.js';
import type { RelationshipEndingParties } from '../domain/relationships.js';
import type { Customer, Partner, PartnerUser } from '../domain/tenants.js';
import type { WebhookEventType } from '../domain/webhookEvents.js';

/** How each domain type is stored: `_id` is the natural key wherever there is one. */
export type PartnerDocument = Omit<Partner, 'tenantId'> & { _id: string; updatedAt: Date };
export type PartnerUserDocument = Omit<PartnerUser, 'id'> & { _id: string; apiKeyHash: string; updatedAt: Date };
export type CustomerDocument = Omit<Customer, 'tenantId'> & {
  _id: string;
  createdByPartnerTenantId?: string;
  createdAt: Date;
  updatedAt: Date;
};

export type RequestEvent = {
  key: string;
  type: string;
  at: Date;
  actor: Actor;
  detail?: Record<string, unknown>;
};

export type RelationshipRequestDocument = {
  _id: string;
  workflowId: string;
  /** The run that owns this request: signals and updates go to it, never to a later request of the pair. */
  runId: string;
  partnerTenantId: string;
  customerTenantId: string;
  customerEmail: string;
  status: RequestStatus;
  includeDelegatedAdminPrivileges: boolean;
  indirectResellerId?: string;
  locale?: string;
  message?: string;
  requestedBy: PartnerUserRef;
  /** The parties as they were when the request was made. */
  parties: RequestParties;
  createdAt: Date;
  updatedAt: Date;
  expiresAt?: Date;
  remindersSent: number;
  rejection?: { code: RuleCode; detail: string };
  acceptedAt?: Date;
  acceptedBy?: CustomerDecider;
  closedAt?: Date;
  /** Keyed by event key (see `record`), in the order they happened. */
  events: Record<string, RequestEvent>;
};

export type RelationshipDocument = {
  _id: string;
  partnerTenantId: string;
  customerTenantId: string;
  type: 'reseller';
  delegatedAdminPrivileges: boolean;
  indirectResellerId?: string;
  since: Date;
  origin: { kind: 'request'; requestId: string } | { kind: 'newCustomer'; partnerUserId: string };
  /** Set when a Global administrator of the customer removed the partner's delegated admin privileges. */
  delegatedAdminPrivilegesRemoved?: DelegatedAdminPrivilegesRemoval;
};

export type DelegatedAdminPrivilegesRemoval = { at: Date; by: Extract<CustomerDecider, { verifiedBy: 'signIn' }>; eventId: string };

export type AgreementAcceptanceDocument = {
  _id: string;
  customerTenantId: string;
  partnerTenantId: string;
  requestId?: string;
  acceptedAt: Date;
  /** Who accepted for the customer: a signed-in user verified by the provider, or the names given. */
  acceptedBy: CustomerDecider;
  phone?: string;
  client?: Acceptance['client'];
  /** For a brand-new customer: the partner user who attests that the signatory accepted. */
  attestedBy?: PartnerUserRef;
  agreementType: Attestation['agreementType'];
  agreementVersion: string;
  attestation: Pick<Attestation, 'text' | 'language' | 'wordingVersion'>;
};

export type OutboxDocument = {
  _id: string;
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  createdAt: Date;
};

/** A signing secret, sealed (platform/webhookSecrets.ts); one replaced by a rotation signs on until `expiresAt`. */
export type WebhookSigningSecret = { sealed: string; createdAt: Date; expiresAt?: Date };

export type WebhookEndpointDocument = {
  _id: string;
  partnerTenantId: string;
  url: string;
  eventTypes: WebhookEventType[];
  description?: string;
  status: 'enabled' | 'disabled' | 'deleted';
  /** Newest first; emptied when the endpoint is deleted. */
  secrets: WebhookSigningSecret[];
  /** Bumped by every rotation, so two concurrent rotations cannot both win. */
  secretsVersion: number;
  createdBy: PartnerUserRef;
  createdAt: Date;
  updatedAt: Date;
  disabledAt?: Date;
  disabledReason?: string;
  deletedAt?: Date;
  /** The partner's place it holds under WEBHOOK_ENDPOINTS_PER_PARTNER (platform/webhookEndpointSlots.ts), freed on deletion. */
  quotaSlot?: string;
};

/** One published event: `_id` is its stable `webhook-id`; `payload` the exact body every attempt sends. */
export type WebhookEventDocument = {
  _id: string;
  partnerTenantId: string;
  type: WebhookEventType;
  occurredAt: Date;
  payload: string;
  /** The endpoints subscribed when the event was recorded: each gets one delivery workflow. */
  endpointIds: string[];
  recordedAt: Date;
};

/** One delivery attempt, keyed by endpoint, event and attempt number; `seq` (UUIDv7) orders and pages them. */
export type WebhookDeliveryDocument = {
  _id: string;
  seq: string;
  endpointId: string;
  partnerTenantId: string;
  eventId: string;
  eventType: WebhookEventType;
  attempt: number;
  at: Date;
  durationMs: number;
  statusCode?: number;
  error?: string;
  delivered: boolean;
};

/** The key of a partner and customer's reseller pair: the `_id` of its active relationship (not the relationship's own ID). */
export const pairKey = (partnerTenantId: string, customerTenantId: string) =>
  `${partnerTenantId}:${customerTenantId}:reseller`;

export const eventsInOrder = (request: Pick<RelationshipRequestDocument, 'events'>): RequestEvent[] => Object.values(request.events);

/**
 * A reseller relationship that ended: the active document as it was, with the ending. `_id` is
 * `<partner>:<customer>:reseller:<relationshipId>`, so there is one ending per relationship however often or by how
 * many it is ended, and a partner's ended relationships sort by customer as its active ones do.
 */
export type EndedRelationshipDocument = Omit<RelationshipDocument, '_id'> & {
  _id: string;
  /** The relationship's own ID (platform/relationships.ts): the ending's key in events, emails and webhooks. */
  relationshipId: string;
  endedAt: Date;
  endedBy: PartnerUserRef;
  reason: string;
  /** The names, languages and addresses the customer's email is written with, as they were at the ending. */
  parties: RelationshipEndingParties;
};

/** Something that happened to a relationship, keyed by the fact (`<type>:<relationshipId>`): recorded once. */
export type RelationshipEventDocument = {
  _id: string;
  type: 'relationship_ended' | 'delegated_admin_privileges_removed' | 'customer_notified' | 'partner_notified';
  at: Date;
  actor: Actor;
  relationshipId: string;
  partnerTenantId: string;
  customerTenantId: string;
  detail?: Record<string, unknown>;
};

/** An admin relationship (GDAP), in Graph's terms; its workflow moves `status` and the times (domain/adminRelationships.ts). */
export type AdminRelationshipDocument = {
  _id: string;
  partnerTenantId: string;
  displayName: string;
  durationDays: number;
  /** 0 (no extension) or 180. */
  autoExtendDays: number;
  customerTenantId?: string;
  roleIds: string[];
  status: AdminRelationshipStatus;
  workflowId: string;
  createdBy: { userId: string; email: string };
  createdAt: Date;
  lastModifiedAt: Date;
  lockedAt?: Date;
  lockedBy?: AdminRelationshipActor;
  approvalExpiresAt?: Date;
  approvedAt?: Date;
  approvedBy?: AdminRelationshipActor;
  activatedAt?: Date;
  endAt?: Date;
  extensions?: number;
  /** Expiry notices sent, by days left (30, 7, 1). */
  noticesSent?: number[];
  closedAt?: Date;
  closing?: AdminRelationshipClosing;
  closedBy?: AdminRelationshipActor;
};

/** One of the partner's security groups given some of a relationship's roles while it is active. */
export type AccessAssignmentDocument = {
  _id: string;
  relationshipId: string;
  partnerTenantId: string;
  accessContainerId: string;
  roleIds: string[];
  status: AccessAssignmentStatus;
  createdBy: { userId: string; email: string };
  createdAt: Date;
  lastModifiedAt: Date;
};

/** A partner's own set of roles to request admin relationships with, saved from the workspace's form. */
export type RoleTemplateDocument = {
  _id: string;
  partnerTenantId: string;
  name: string;
  roleIds: string[];
  createdBy: { userId: string; email: string };
  updatedAt: Date;
};
