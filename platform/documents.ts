import type { Attestation } from '../domain/agreement.js';
import type { RuleCode } from '../domain/eligibility.js';
import type { Acceptance, Actor, CustomerDecider, PartnerUserRef, RequestParties, RequestStatus } from '../domain/relationshipRequest.js';
import type { Customer, Partner, PartnerUser } from '../domain/tenants.js';

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
};

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

export const relationshipId = (partnerTenantId: string, customerTenantId: string) =>
  `${partnerTenantId}:${customerTenantId}:reseller`;

export const eventsInOrder = (request: Pick<RelationshipRequestDocument, 'events'>): RequestEvent[] => Object.values(request.events);
