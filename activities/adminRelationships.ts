import { ApplicationFailure } from '@temporalio/common';
import { renderAdminApprovalEmail, renderAdminExpiryEmail } from '../content/adminRelationshipEmails.js';
import { pickLocale } from '../content/locales.js';
import { expiryNoticeDays, isActive } from '../domain/adminRelationships.js';
import type { AccessAssignmentDocument } from '../platform/documents.js';
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

type AdminRelationshipDeps = { collections: Collections; mailer: Mailer; links: InvitationLinks; gateway?: AccessGateway };

const missing = (relationshipId: string) =>
  ApplicationFailure.create({ type: 'AdminRelationshipMissing', message: `admin relationship ${relationshipId} is not recorded`, nonRetryable: true });

/**
 * An admin relationship's steps. Each record is a compare-and-set on the status it expects, so a retried step finds
 * its own change made and answers the same; emails carry keys of the relationship and the step.
 */
export function createAdminRelationshipActivities({ collections, mailer, links, gateway = recordedAccessGateway }: AdminRelationshipDeps): AdminRelationshipActivities {
  const relationships = collections.adminRelationships;
  const find = async (relationshipId: string) => (await relationships.findOne({ _id: relationshipId })) ?? Promise.reject(missing(relationshipId));

  return {
    async lockAdminRelationship({ relationshipId, at, by, approvalTtlMs }) {
      const lockedAt = new Date(at);
      const approvalExpiresAt = new Date(lockedAt.getTime() + approvalTtlMs);
      const locked = await relationships.findOneAndUpdate(
        { _id: relationshipId, status: 'created', customerTenantId: { $exists: true } },
        { $set: { status: 'approvalPending', lockedAt, approvalExpiresAt, lastModifiedAt: lockedAt, lockedBy: by } },
        { returnDocument: 'after' },
      );
      if (locked) return { locked: true, approvalExpiresAt: approvalExpiresAt.toISOString() };
      const relationship = await find(relationshipId);
      // Locked by this step before: the same answer.
      if (relationship.status === 'approvalPending' && relationship.approvalExpiresAt) return { locked: true, approvalExpiresAt: relationship.approvalExpiresAt.toISOString() };
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
      if (moved) return { recorded: true, status: moved.status };
      return { recorded: false, status: (await find(relationshipId)).status };
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
    },
  };
}

