/**
 * The steps each workflow calls, as the workflow sees them: names, inputs and results, nothing of how they run. The
 * worker's activities (activities/index.ts) are checked against these, so a workflow never imports the activities.
 * The method names are the activity types recorded in histories: renaming one breaks replay.
 */
import type { AdminRelationshipActor, AdminRelationshipClosing, AdminRelationshipStatus, CustomerAdministrator, PartnerAgent } from '../domain/adminRelationships.js';
import type { BatchItemResult, BatchStatus } from '../domain/batches.js';
import type { RuleCode } from '../domain/eligibility.js';
import type { Acceptance, Actor, CustomerDecider, PartnerUserRef, RequestFacts, RequestStatus } from '../domain/relationshipRequest.js';
import type { NewCustomerInput, NewCustomerOutcome } from './addCustomerContract.js';
import type {
  DelegatedAdminRemovalInput,
  RelationshipChangeOutcome,
  RelationshipEndingInput,
  RelationshipRef,
} from './relationshipChangesContract.js';
import type { BatchCancellation } from './relationshipRequestBatchContract.js';
import type { OpeningSettings } from './relationshipRequestContract.js';

/** How opening a request ended: the invitation's expiry, or the rule that stopped it. */
export type OpenedRequest = { eligible: true; expiresAt: string } | { eligible: false; code: RuleCode; detail: string };

/** Opening and inviting in one step: whether the invitation went out, tried once, when the request is open. */
export type OpenedAndInvited = Extract<OpenedRequest, { eligible: false }> | (Extract<OpenedRequest, { eligible: true }> & { invitationSent: boolean });

/** A signal that reached a closed request and changed nothing. */
export type IgnoredSignal = { signal: string; reason: string };

/** The request's records, and the emails that tell the parties. */
export type RelationshipRequestActivities = {
  openRequest: (input: { request: RequestFacts; invitationTtlMs: number }) => Promise<OpenedRequest>;
  /** A resend names who asked for it (`requestedBy`), recorded as the actor of its event. */
  sendInvitation: (input: { request: RequestFacts; expiresAt: string; resendNumber?: number; requestedBy?: PartnerUserRef }) => Promise<void>;
  sendReminder: (input: { request: RequestFacts; expiresAt: string; reminderNumber: number }) => Promise<void>;
  recordAcceptance: (input: { request: RequestFacts; acceptance: Acceptance }) => Promise<void>;
  sendAcceptanceNotices: (input: { request: RequestFacts; acceptedBy: CustomerDecider }) => Promise<void>;
  /** `openRequest`, then `sendInvitation` tried once: the create's one step in the answering task. */
  openRequestAndInvite: (input: { request: RequestFacts; invitationTtlMs: number }) => Promise<OpenedAndInvited>;
  /** `recordAcceptance`, then `sendAcceptanceNotices` tried once: the accept's one step in the answering task. */
  recordAcceptanceAndNotify: (input: { request: RequestFacts; acceptance: Acceptance }) => Promise<{ noticesSent: boolean }>;
  recordClosing: (input: {
    requestId: string;
    status: Extract<RequestStatus, 'declined' | 'cancelled' | 'expired'>;
    actor: Actor;
    reason?: string | undefined;
  }) => Promise<void>;
  notifyPartner: (input: { request: RequestFacts; outcome: 'declined' | 'expired'; reason?: string | undefined }) => Promise<void>;
  recordIgnoredSignals: (input: { requestId: string; firstIndex: number; signals: IgnoredSignal[] }) => Promise<void>;
};

export type AddCustomerActivities = {
  createCustomerWithRelationship: (input: NewCustomerInput) => Promise<NewCustomerOutcome>;
};

/** Both relationship changes: the record the API waits on, then the notices. */
export type RelationshipChangeActivities = {
  recordRelationshipEnding: (input: RelationshipEndingInput) => Promise<RelationshipChangeOutcome>;
  notifyCustomerOfEnding: (ref: RelationshipRef) => Promise<void>;
  publishRelationshipEnded: (ref: RelationshipRef) => Promise<void>;
  recordDelegatedAdminRemoval: (input: DelegatedAdminRemovalInput) => Promise<RelationshipChangeOutcome>;
  notifyPartnerOfDelegatedAdminRemoval: (ref: RelationshipRef) => Promise<void>;
};

/** One delivery attempt: a receiver that fails is an outcome (`failed`), not an error. */
export type AttemptOutcome = { outcome: 'delivered' | 'failed' | 'stopped'; failure?: string };

export type WebhookDeliveryActivities = {
  deliverWebhook: (input: { endpointId: string; eventId: string; attempt: number }) => Promise<AttemptOutcome>;
  disableWebhookEndpoint: (input: { endpointId: string; eventId: string; failingSince: string }) => Promise<void>;
};

/** One item of a batch, by its index: its ask stays in MongoDB. */
export type BatchItemInput = {
  batchId: string;
  index: number;
  partnerTenantId: string;
  requestedBy: PartnerUserRef;
  settings: OpeningSettings;
};

export type RelationshipRequestBatchActivities = {
  openBatchItem: (input: BatchItemInput) => Promise<BatchItemResult>;
  finishBatch: (input: { batchId: string; status: Exclude<BatchStatus, 'running'>; cancellation?: BatchCancellation }) => Promise<void>;
};

/** Everything the workflows call: what a worker must register. */
/** An admin relationship's records (each a compare-and-set on its status), access assignments and notices. */
export type AdminRelationshipActivities = {
  lockAdminRelationship: (input: { relationshipId: string; at: string; by: PartnerAgent; approvalTtlMs: number }) => Promise<
    { locked: true; approvalExpiresAt: string } | { locked: false; reason: 'notCreated' | 'noCustomer' }
  >;
  /** The approval request to the customer's contact, or a reminder of it (`reminderNumber`). */
  sendAdminApprovalRequest: (input: { relationshipId: string; reminderNumber?: number }) => Promise<void>;
  /** Approved, activating, then active from `at`: its end and extension, and the expiry notices already too late to send. */
  activateAdminRelationship: (input: { relationshipId: string; at: string; by: CustomerAdministrator; dayMs: number }) => Promise<
    { activated: true; endAtMs: number; autoExtendDays: number; noticesSkipped: number[] } | { activated: false; reason: 'wrongTenant' }
  >;
  /** Moves the status (`from` any of the given) and stamps it; a status already moved there answers the same. */
  recordAdminRelationshipStatus: (input: {
    relationshipId: string;
    from: AdminRelationshipStatus[];
    to: AdminRelationshipStatus;
    at: string;
    by?: AdminRelationshipActor;
    closing?: AdminRelationshipClosing;
  }) => Promise<{ recorded: boolean; status: AdminRelationshipStatus }>;
  /** Grants pending assignments while the relationship is active, and finishes removals. */
  applyAccessAssignments: (input: { relationshipId: string; at: string }) => Promise<{ granted: number; removed: number }>;
  /** Removes every assignment of the relationship, as it ends. */
  removeAccessAssignments: (input: { relationshipId: string; at: string }) => Promise<{ removed: number }>;
  /** The partner's notice `daysLeft` days before the end; the relationship is `expiring` from the first. */
  sendExpiryNotice: (input: { relationshipId: string; daysLeft: number; at: string }) => Promise<void>;
  /** Extends the end by the relationship's extension. */
  extendAdminRelationship: (input: { relationshipId: string; at: string; endAtMs: number }) => Promise<void>;
};

export type WorkflowActivities = RelationshipRequestActivities &
  AddCustomerActivities &
  RelationshipChangeActivities &
  WebhookDeliveryActivities &
  RelationshipRequestBatchActivities &
  AdminRelationshipActivities;
