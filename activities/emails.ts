import { ApplicationFailure } from '@temporalio/common';
import { renderCustomerConfirmation, renderPartnerNotice, type RenderedEmail } from '../content/emails.js';
import { invitationLocale, renderRequestInvitation } from '../content/requestEmails.js';
import { pickLocale } from '../content/locales.js';
import { optionalRequestFields, type RequestFacts } from '../domain/relationshipRequest.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import type { Collections } from '../platform/mongo.js';
import type { Mailer } from './mailer.js';
import { readParties } from './parties.js';
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
 * Each takes the request's facts from the workflow; runs that do not pass them read them back.
 */
export function createEmailActivities({ collections, mailer, links, requests }: EmailActivityDeps) {
  async function loadFacts(requestId: string): Promise<RequestFacts> {
    const request = await requests.loadRequest(requestId);
    const declineReason = request.events['declined']?.detail?.['reason'];
    return {
      requestId,
      partnerTenantId: request.partnerTenantId,
      customerTenantId: request.customerTenantId,
      customerEmail: request.customerEmail,
      includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
      ...optionalRequestFields(request),
      requestedBy: request.requestedBy,
      parties: request.parties ?? (await readParties(collections, request)),
      ...(request.expiresAt && { expiresAt: request.expiresAt.toISOString() }),
      ...(request.acceptedBy && { acceptedBy: request.acceptedBy }),
      ...(typeof declineReason === 'string' && { declineReason }),
    };
  }

  async function sendAboutInvitation(
    requestId: string,
    given: RequestFacts | undefined,
    variant: { reminderNumber?: number; resendNumber?: number },
  ) {
    const facts = given ?? (await loadFacts(requestId));
    if (!facts.expiresAt) throw ApplicationFailure.nonRetryable('Request has no expiry yet', 'RequestNotOpen');
    const { partner, customer } = facts.parties;
    const email = renderRequestInvitation(
      {
        partnerName: partner.name,
        customer: {
          tenantId: facts.customerTenantId,
          companyName: customer.companyName,
          cloud: customer.cloud,
          ...(customer.preferredLanguage && { preferredLanguage: customer.preferredLanguage }),
        },
        request: { ...pick(facts), expiresAt: facts.expiresAt },
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
    await mailer.send({ to: [facts.customerEmail], ...email, idempotencyKey: key });
    return key;
  }

  return {
    async sendInvitation({ requestId, resendNumber, facts }: { requestId: string; resendNumber?: number; facts?: RequestFacts }) {
      const key = await sendAboutInvitation(requestId, facts, resendNumber ? { resendNumber } : {});
      await requests.record(requestId, {
        key,
        type: resendNumber ? 'invitation_resent' : 'invitation_sent',
        actor: { kind: 'system' },
      });
    },

    async sendReminder({ requestId, reminderNumber, facts }: { requestId: string; reminderNumber: number; facts?: RequestFacts }) {
      const key = await sendAboutInvitation(requestId, facts, { reminderNumber });
      await requests.record(requestId, {
        key,
        type: 'reminder_sent',
        actor: { kind: 'system' },
        extra: { $max: { remindersSent: reminderNumber } },
        detail: { reminderNumber },
      });
    },

    async notifyPartner({ requestId, kind, facts }: { requestId: string; kind: PartnerNoticeKind; facts?: RequestFacts }) {
      await send(requestId, partnerNotice(facts ?? (await loadFacts(requestId)), kind));
    },

    async confirmToCustomer({ requestId, facts }: { requestId: string; facts?: RequestFacts }) {
      await send(requestId, customerConfirmation(facts ?? (await loadFacts(requestId))));
    },

    /** Both emails of an acceptance in one step: each keeps its own idempotency key and event, recorded in one write. */
    async sendAcceptanceNotices({ requestId, facts }: { requestId: string; facts?: RequestFacts }) {
      const known = facts ?? (await loadFacts(requestId));
      await send(requestId, customerConfirmation(known), partnerNotice(known, 'accepted'));
    },
  };

  type Notice = { key: string; to: string[]; email: RenderedEmail; event: { type: string; detail?: Record<string, unknown> } };

  async function send(requestId: string, ...notices: Notice[]) {
    for (const notice of notices) await mailer.send({ to: notice.to, ...notice.email, idempotencyKey: notice.key });
    await requests.record(requestId, ...notices.map((notice) => ({ key: notice.key, actor: { kind: 'system' as const }, ...notice.event })));
  }

  function partnerNotice(facts: RequestFacts, kind: PartnerNoticeKind): Notice {
    const email = renderPartnerNotice({
      locale: pickLocale(facts.locale),
      kind,
      partnerName: facts.parties.partner.name,
      customerCompanyName: facts.parties.customer.companyName,
      customerTenantId: facts.customerTenantId,
      requestId: facts.requestId,
      ...(facts.declineReason && { reason: facts.declineReason }),
      ...(facts.acceptedBy && { acceptedBy: facts.acceptedBy }),
    });
    return { key: `partner:${kind}:${facts.requestId}`, to: [facts.requestedBy.email], email, event: { type: 'partner_notified', detail: { kind } } };
  }

  function customerConfirmation(facts: RequestFacts): Notice {
    if (!facts.acceptedBy) throw ApplicationFailure.nonRetryable('Request is not accepted', 'RequestNotAccepted');
    const { partner, customer } = facts.parties;
    const email = renderCustomerConfirmation({
      locale: invitationLocale({ request: facts, customer }),
      partnerName: partner.name,
      customerCompanyName: customer.companyName,
      includeDelegatedAdminPrivileges: facts.includeDelegatedAdminPrivileges,
      cloud: customer.cloud,
    });
    const to = [...new Set([facts.acceptedBy.email, facts.customerEmail])];
    return { key: `confirmation:${facts.requestId}`, to, email, event: { type: 'customer_confirmed' } };
  }
}

function pick(request: RequestFacts) {
  return {
    includeDelegatedAdminPrivileges: request.includeDelegatedAdminPrivileges,
    ...optionalRequestFields(request),
  };
}
