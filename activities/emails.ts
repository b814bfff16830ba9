import { ApplicationFailure } from '@temporalio/common';
import { renderCustomerConfirmation, renderPartnerNotice, type RenderedEmail } from '../content/emails.js';
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
      await send(request, partnerNotice(request, await parties(request), kind));
    },

    async confirmToCustomer({ requestId }: { requestId: string }) {
      const request = await requests.loadRequest(requestId);
      await send(request, customerConfirmation(request, await parties(request)));
    },

    /** Both emails of an acceptance in one step: each keeps its own idempotency key and event. */
    async sendAcceptanceNotices({ requestId }: { requestId: string }) {
      const request = await requests.loadRequest(requestId);
      const found = await parties(request);
      await send(request, customerConfirmation(request, found));
      await send(request, partnerNotice(request, found, 'accepted'));
    },
  };

  type Parties = Awaited<ReturnType<typeof parties>>;
  type Notice = { key: string; to: string[]; email: RenderedEmail; event: { type: string; detail?: Record<string, unknown> } };

  async function send(request: RelationshipRequestDocument, notice: Notice) {
    await mailer.send({ to: notice.to, ...notice.email, idempotencyKey: notice.key });
    await requests.record(request._id, { key: notice.key, actor: { kind: 'system' }, ...notice.event });
  }

  function partnerNotice(request: RelationshipRequestDocument, { partner, customer }: Parties, kind: PartnerNoticeKind): Notice {
    const declineReason = request.events['declined']?.detail?.['reason'];
    const email = renderPartnerNotice({
      locale: pickLocale(request.locale),
      kind,
      partnerName: partner.name,
      customerCompanyName: customer.companyName,
      customerTenantId: customer._id,
      requestId: request._id,
      ...(typeof declineReason === 'string' && { reason: declineReason }),
      ...(request.acceptedBy && { acceptedBy: request.acceptedBy }),
    });
    return { key: `partner:${kind}:${request._id}`, to: [request.requestedBy.email], email, event: { type: 'partner_notified', detail: { kind } } };
  }

  function customerConfirmation(request: RelationshipRequestDocument, { partner, customer }: Parties): Notice {
    if (!request.acceptedBy) throw ApplicationFailure.nonRetryable('Request is not accepted', 'RequestNotAccepted');
    const email = renderCustomerConfirmation({
      locale: invitationLocale({ request, customer }),
      partnerName: partner.name,
      customerCompanyName: customer.companyName,
      includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
      cloud: customer.cloud,
    });
    const to = [...new Set([request.acceptedBy.email, request.customerEmail])];
    return { key: `confirmation:${request._id}`, to, email, event: { type: 'customer_confirmed' } };
  }
}

function pick(request: RelationshipRequestDocument) {
  return {
    includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
    ...(request.locale && { locale: request.locale }),
    ...(request.message && { message: request.message }),
    ...(request.indirectResellerId && { indirectResellerId: request.indirectResellerId }),
  };
}
