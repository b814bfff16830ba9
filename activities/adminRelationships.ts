import { ApplicationFailure } from '@temporalio/common';
import { renderAdminApprovalEmail, renderAdminExpiryEmail } from '../content/adminRelationshipEmails.js';
import { pickLocale } from '../content/locales.js';
import { expiryNoticeDays, isActive } from '../domain/adminRelationships.js';
import { webhookEventId, type PublishWebhookEvent, type WebhookEventType } from '../domain/webhookEvents.js';
import { adminRelationshipView } from '../platform/adminRelationshipViews.js';
import type { AccessAssignmentDocument, AdminRelationshipDocument } from '../platform/documents.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import type { Collections } from '../platform/mongo.js';
import type { AdminRelationshipActivities } from '../workflows/activityPorts.js';
import type { Mailer } from './mailer.js';
import { adminAgentEmails } from './partnerAdmins.js';

/**
 * Where access assignments take effect. Nothing here calls Microsoft Graph: the recorded gateway keeps each
 * assignment's state in MongoDB only; a Graph-backed gateway would create and delete the assignments in the customer's
 * tenant, then the same records follow.
 */
export interface AccessGateway {
  grant(assignment: AccessAssignmentDocument): Promise<void>;
  revoke(assignment: AccessAssignmentDocument): Promise<void>;
}

export const recordedAccessGateway: AccessGateway = {
  grant: async () => undefined,
  revoke: async () => undefined,
};

type AdminRelationshipEventType = Extract<WebhookEventType, `admin_relationship.${string}`>;

type AdminRelationshipDeps = {
  collections: Collections;
  mailer: Mailer;
  links: InvitationLinks;
  gateway?: AccessGateway;
  /** Publishes webhook events, where webhooks are set up. */
  publish?: PublishWebhookEvent | undefined;
};

const missing = (relationshipId: string) =>
  ApplicationFailure.create({ type: 'AdminRelationshipMissing', message: `admin relationship ${relationshipId} is not recorded`, nonRetryable: true });

/**
 * An admin relationship's steps. Each record is a compare-and-set on the status it expects, so a retried step finds
 * its own change made and answers the same; emails carry keys of the relationship and the step.
 */
export function createAdminRelationshipActivities({ collections, mailer, links, gateway = recordedAccessGateway, publish }: AdminRelationshipDeps): AdminRelationshipActivities {
  const relationships = collections.adminRelationships;
  const find = async (relationshipId: string) => (await relationships.findOne({ _id: relationshipId })) ?? Promise.reject(missing(relationshipId));
  /** The relationship as the API shows it, to the partner's endpoints; `fact` makes the event's ID stable for this change. */
  const announce = async (type: AdminRelationshipEventType, relationship: AdminRelationshipDocument, fact = relationship._id) => {
    if (!publish) return;
    const customer = relationship.customerTenantId ? await collections.customers.findOne({ _id: relationship.customerTenantId }, { projection: { companyName: 1 } }) : null;
    await publish({
      id: webhookEventId(type, fact),
      type,
      partnerTenantId: relationship.partnerTenantId,
      occurredAt: relationship.lastModifiedAt,
      data: adminRelationshipView(relationship, customer, links.adminApprovalUrlFor),
    });
  };

  return {
    async lockAdminRelationship({ relationshipId, at, by, approvalTtlMs }) {
      const lockedAt = new Date(at);
      const approvalExpiresAt = new Date(lockedAt.getTime() + approvalTtlMs);
      const locked = await relationships.findOneAndUpdate(
        { _id: relationshipId, status: 'created', customerTenantId: { $exists: true } },
        { $set: { status: 'approvalPending', lockedAt, approvalExpiresAt, lastModifiedAt: lockedAt, lockedBy: by } },
        { returnDocument: 'after' },
      );
      const relationship = locked ?? (await find(relationshipId));
      // Locked by this step before: the same answer, and the same event.
      if (relationship.status === 'approvalPending' && relationship.approvalExpiresAt) {
        await announce('admin_relationship.approval_pending', relationship);
        return { locked: true, approvalExpiresAt: relationship.approvalExpiresAt.toISOString() };
      }
      return { locked: false, reason: relationship.status !== 'created' ? 'notCreated' : 'noCustomer' };
    },

    async sendAdminApprovalRequest({ relationshipId, reminderNumber }) {
      const relationship = await find(relationshipId);
      if (!relationship.customerTenantId || !relationship.approvalExpiresAt) return;
      const [customer, partner] = await Promise.all([
        collections.customers.findOne({ _id: relationship.customerTenantId }),
        collections.partners.findOne({ _id: relationship.partnerTenantId }),
      ]);
      if (!customer || !partner) return;
      const email = renderAdminApprovalEmail({
        locale: pickLocale(customer.preferredLanguage),
        partnerName: partner.name,
        companyName: customer.companyName,
        relationshipId,
        roleIds: relationship.roleIds,
        durationDays: relationship.durationDays,
        autoExtendDays: relationship.autoExtendDays,
        approvalUrl: links.adminApprovalUrlFor(relationshipId),
        expiresAt: relationship.approvalExpiresAt,
        reminderNumber,
      });
      await mailer.send({ to: [customer.email], ...email, idempotencyKey: `admin-approval:${relationshipId}:${reminderNumber ?? 0}` });
    },

    async activateAdminRelationship({ relationshipId, at, by, dayMs }) {
      const relationship = await find(relationshipId);
      if (relationship.customerTenantId !== by.tenantId) return { activated: false, reason: 'wrongTenant' };
      const activatedAt = new Date(at);
      const endAt = new Date(activatedAt.getTime() + relationship.durationDays * dayMs);
      // Notices due before the relationship even began are not sent: a relationship of 5 days hears only at 1 day left.
      const noticesSkipped = expiryNoticeDays.filter((days) => days >= relationship.durationDays);
      const activated = await relationships.findOneAndUpdate(
        { _id: relationshipId, status: 'approvalPending' },
        { $set: { status: 'active', approvedAt: activatedAt, approvedBy: by, activatedAt, endAt, noticesSent: noticesSkipped, lastModifiedAt: activatedAt } },
        { returnDocument: 'after' },
      );
      const recorded = activated ?? (await find(relationshipId));
      if (!recorded.endAt || !isActive(recorded.status)) throw ApplicationFailure.create({ type: 'AdminRelationshipNotPending', message: `status ${recorded.status}`, nonRetryable: true });
      await announce('admin_relationship.active', recorded);
      return { activated: true, endAtMs: recorded.endAt.getTime(), autoExtendDays: recorded.autoExtendDays, noticesSkipped: recorded.noticesSent ?? noticesSkipped };
    },

    async recordAdminRelationshipStatus({ relationshipId, from, to, at, by, closing }) {
      const when = new Date(at);
      const closed = to === 'terminated' || to === 'expired';
      const moved = await relationships.findOneAndUpdate(
        { _id: relationshipId, status: { $in: from } },
        { $set: { status: to, lastModifiedAt: when, ...(closed && { closedAt: when, ...(closing && { closing }), ...(by && { closedBy: by }) }) } },
        { returnDocument: 'after' },
      );
      const recorded = moved ?? (await find(relationshipId));
      if (recorded.status === to && (to === 'terminated' || to === 'expired')) await announce(to === 'terminated' ? 'admin_relationship.terminated' : 'admin_relationship.expired', recorded);
      return { recorded: Boolean(moved), status: recorded.status };
    },

    async applyAccessAssignments({ relationshipId, at }) {
      const relationship = await find(relationshipId);
      const when = new Date(at);
      let granted = 0;
      let removed = 0;
      if (isActive(relationship.status)) {
        for (const assignment of await collections.accessAssignments.find({ relationshipId, status: 'pending' }).toArray()) {
          await gateway.grant(assignment);
          const { modifiedCount } = await collections.accessAssignments.updateOne({ _id: assignment._id, status: 'pending' }, { $set: { status: 'active', lastModifiedAt: when } });
          granted += modifiedCount;
        }
      }
      for (const assignment of await collections.accessAssignments.find({ relationshipId, status: 'deleting' }).toArray()) {
        await gateway.revoke(assignment);
        const { modifiedCount } = await collections.accessAssignments.updateOne({ _id: assignment._id, status: 'deleting' }, { $set: { status: 'deleted', lastModifiedAt: when } });
        removed += modifiedCount;
      }
      return { granted, removed };
    },

    async removeAccessAssignments({ relationshipId, at }) {
      const when = new Date(at);
      await collections.accessAssignments.updateMany({ relationshipId, status: { $in: ['pending', 'active'] } }, { $set: { status: 'deleting', lastModifiedAt: when } });
      let removed = 0;
      for (const assignment of await collections.accessAssignments.find({ relationshipId, status: 'deleting' }).toArray()) {
        await gateway.revoke(assignment);
        const { modifiedCount } = await collections.accessAssignments.updateOne({ _id: assignment._id, status: 'deleting' }, { $set: { status: 'deleted', lastModifiedAt: when } });
        removed += modifiedCount;
      }
      return { removed };
    },

    async sendExpiryNotice({ relationshipId, daysLeft, at }) {
      const when = new Date(at);
      await relationships.updateOne(
        { _id: relationshipId, status: { $in: ['active', 'expiring'] } },
        { $set: { status: 'expiring', lastModifiedAt: when }, $addToSet: { noticesSent: daysLeft } },
      );
      const relationship = await find(relationshipId);
      if (!relationship.endAt) return;
      // One event for the whole term: the relationship became `expiring` at its first notice.
      await announce('admin_relationship.expiring', relationship, `${relationshipId}:${relationship.endAt.getTime()}`);
      const [partner, customer, to] = await Promise.all([
        collections.partners.findOne({ _id: relationship.partnerTenantId }),
        relationship.customerTenantId ? collections.customers.findOne({ _id: relationship.customerTenantId }) : null,
        adminAgentEmails(collections, relationship.partnerTenantId),
      ]);
      if (to.length === 0) return;
      const email = renderAdminExpiryEmail({
        locale: pickLocale(partner?.preferredLanguage),
        displayName: relationship.displayName,
        companyName: customer?.companyName ?? relationship.customerTenantId ?? '',
        relationshipId,
        endAt: relationship.endAt,
        daysLeft,
        autoExtends: relationship.autoExtendDays > 0,
      });
      await mailer.send({ to, ...email, idempotencyKey: `admin-expiry:${relationshipId}:${relationship.endAt.getTime()}:${daysLeft}` });
    },

    async extendAdminRelationship({ relationshipId, at, endAtMs }) {
      const when = new Date(at);
      const endAt = new Date(endAtMs);
      // Keyed on the new end: a retried step extends once.
      await relationships.updateOne(
        { _id: relationshipId, status: { $in: ['active', 'expiring'] }, endAt: { $lt: endAt } },
        { $set: { status: 'active', endAt, noticesSent: [], lastModifiedAt: when }, $inc: { extensions: 1 } },
      );
      const relationship = await find(relationshipId);
      if (relationship.endAt?.getTime() === endAtMs) await announce('admin_relationship.extended', relationship, `${relationshipId}:${endAtMs}`);
    },
  };
}

