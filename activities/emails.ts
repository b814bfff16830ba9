import { ApplicationFailure } from '@temporalio/common';
import { renderCustomerConfirmation, renderPartnerNotice } from '../content/emails.js';
import { invitationLocale, renderRequestInvitation } from '../content/requestEmails.js';
import { pickLocale } from '../content/locales.js';
import type { RelationshipRequestDocument } from '../platform/documents.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import type { Collections } from '../platform/mongo.js';
import type { Mailer } from './mailer.js';
import type { createRequestActivities } from './requests.js';

export type EmailActivityDeps = {
  collections: Collections;
  mailer: Mailer;
  links: InvitationLinks;
  requests: Pick<ReturnType<typeof createRequestActivities>, 'loadRequest' | 'record'>;
};

type PartnerNoticeKind = 'accepted' | 'declined' | 'expired';

/**
 * Every email has an idempotency key derived from the request, so a retried activity
 * (or a worker killed between sending and completing) never sends a second copy.
 */
export function createEmailActivities({ collections, mailer, links, requests }: EmailActivityDeps) {
  async function parties(request: RelationshipRequestDocument) {
    const [partner, customer] = await Promise.all([
      collections.partners.findOne({ _id: request.partnerTenantId }),
      collections.customers.findOne({ _id: request.customerTenantId }),
    ]);
    if (!partner || !customer) {
      throw ApplicationFailure.nonRetryable('Partner or customer no longer exists', 'TenantNotFound');
    }
    return { partner, customer };
  }

  async function sendAboutInvitation(requestId: string, variant: { reminderNumber?: number; resendNumber?: number }) {
    const request = await requests.loadRequest(requestId);
    if (!request.expiresAt) throw ApplicationFailure.nonRetryable('Request has no expiry yet', 'RequestNotOpen');
    const { partner, customer } = await parties(request);
    const email = renderRequestInvitation(
      {
        partnerName: partner.name,
        customer: { tenantId: customer._id, companyName: customer.companyName, cloud: customer.cloud, ...(customer.preferredLanguage && { preferredLanguage: customer.preferredLanguage }) },
        request: { ...pick(request), expiresAt: request.expiresAt },
        invitationUrl: links.urlFor(requestId),
      },
      variant.reminderNumber,
    );
    const key =
      variant.reminderNumber !== undefined
        ? `reminder:${requestId}:${variant.reminderNumber}`
        : variant.resendNumber
          ? `invitation:${requestId}:resend:${variant.resendNumber}`
          : `invitation:${requestId}`;
    await mailer.send({ to: [request.customerEmail], ...email, idempotencyKey: key });
    return { request, key };
  }

  return {
    async sendInvitation({ requestId, resendNumber }: { requestId: string; resendNumber?: number }) {
      const { key } = await sendAboutInvitation(requestId, resendNumber ? { resendNumber } : {});
      await requests.record(requestId, {
        key,
        type: resendNumber ? 'invitation_resent' : 'invitation_sent',
        actor: { kind: 'system' },
      });
    },

    async sendReminder({ requestId, reminderNumber }: { requestId: string; reminderNumber: number }) {
      const { key } = await sendAboutInvitation(requestId, { reminderNumber });
      await requests.record(requestId, {
        key,
        type: 'reminder_sent',
        actor: { kind: 'system' },
        extra: { $max: { remindersSent: reminderNumber } },
        detail: { reminderNumber },
      });
    },

    async notifyPartner({ requestId, kind }: { requestId: string; kind: PartnerNoticeKind }) {
      const request = await requests.loadRequest(requestId);
      const { partner, customer } = await parties(request);
      const declineReason = request.events['declined']?.detail?.['reason'];
      const email = renderPartnerNotice({
        locale: pickLocale(request.locale),
        kind,
        partnerName: partner.name,
        customerCompanyName: customer.companyName,
        customerTenantId: customer._id,
        requestId,
        ...(typeof declineReason === 'string' && { reason: declineReason }),
        ...(request.acceptedBy && { acceptedBy: request.acceptedBy }),
      });
      const key = `partner:${kind}:${requestId}`;
      await mailer.send({ to: [request.requestedBy.email], ...email, idempotencyKey: key });
      await requests.record(requestId, { key, type: 'partner_notified', actor: { kind: 'system' }, detail: { kind } });
    },

    async confirmToCustomer({ requestId }: { requestId: string }) {
      const request = await requests.loadRequest(requestId);
      if (!request.acceptedBy) throw ApplicationFailure.nonRetryable('Request is not accepted', 'RequestNotAccepted');
      const { partner, customer } = await parties(request);
      const email = renderCustomerConfirmation({
        locale: invitationLocale({ request, customer }),
        partnerName: partner.name,
        customerCompanyName: customer.companyName,
        includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
        cloud: customer.cloud,
      });
      const key = `confirmation:${requestId}`;
      const recipients = [...new Set([request.acceptedBy.email, request.customerEmail])];
      await mailer.send({ to: recipients, ...email, idempotencyKey: key });
      await requests.record(requestId, { key, type: 'customer_confirmed', actor: { kind: 'system' } });
    },
  };
}

function pick(request: RelationshipRequestDocument) {
  return {
    includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
    ...(request.locale && { locale: request.locale }),
    ...(request.message && { message: request.message }),
    ...(request.indirectResellerId && { indirectResellerId: request.indirectResellerId }),
  };
}
