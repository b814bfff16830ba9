import { renderRequestConfirmation, renderRequestInvitation, renderRequestOutcome } from '../content/requestEmails.js';
import type { RenderedEmail } from '../content/emails.js';
import { deciderContact } from '../domain/deciders.js';
import type { Actor, CustomerDecider, PartnerUserRef, RequestFacts } from '../domain/relationshipRequest.js';
import type { InvitationLinks } from '../platform/invitationTokens.js';
import type { Mailer } from './mailer.js';
import type { RecordRequestEvents, RequestChange } from './requestEvents.js';

/** An email, and the event that records it sent: the system's, unless someone asked for it (a resend). */
export type Notice = { to: string[]; email: RenderedEmail; event: Omit<RequestChange, 'actor'>; askedBy?: Actor };

/**
 * The emails of a request and the events that record them. Every email has an idempotency key derived from the
 * request, and its event on the request the same key, so a retried activity (or a worker killed between sending and
 * completing) sends and records nothing twice. Each renders from the request's facts the workflow passes, so none
 * reads the request or the tenants back.
 */
export function createRequestNotices({ mailer, links }: { mailer: Mailer; links?: Pick<InvitationLinks, 'adminRelationshipRequestUrl'> }) {
  return {
    /** Hands the emails to the transport, in order; their events are the caller's to record. */
    async deliver(notices: Notice[]): Promise<void> {
      const emails = notices.map(({ to, email, event }) => ({ to, ...email, idempotencyKey: event.key }));
      if (mailer.sendAll) await mailer.sendAll(emails);
      else for (const email of emails) await mailer.send(email);
    },
    /** The events that record the emails as sent. */
    changes: (notices: Notice[]): RequestChange[] => notices.map(({ event, askedBy }) => ({ ...event, actor: askedBy ?? { kind: 'system' as const } })),
    /** Both emails of an acceptance: the customer's confirmation (to whoever accepted, and the invited address) and the partner's notice. */
    acceptance(request: RequestFacts, acceptedBy: CustomerDecider): Notice[] {
      const { requestId } = request;
      const decider = deciderContact(acceptedBy);
      return [
        {
          to: [...new Set([...(decider.email ? [decider.email] : []), request.customerEmail])],
          email: renderRequestConfirmation(request),
          event: { key: `confirmation:${requestId}`, type: 'customer_confirmed' },
        },
        {
          to: [request.requestedBy.email],
          email: renderRequestOutcome(request, { kind: 'accepted', acceptedBy: decider, adminRelationshipUrl: links?.adminRelationshipRequestUrl }),
          event: { key: `partner:accepted:${requestId}`, type: 'partner_notified', detail: { kind: 'accepted' } },
        },
      ];
    },
  };
}
export type RequestNotices = ReturnType<typeof createRequestNotices>;

export function createEmailActivities({ mailer, links, record }: { mailer: Mailer; links: InvitationLinks; record: RecordRequestEvents }) {
  const notices = createRequestNotices({ mailer });
  async function send(requestId: string, ...sent: Notice[]) {
    await notices.deliver(sent);
    await record(requestId, ...notices.changes(sent));
  }

  const toCustomer = (request: RequestFacts, email: RenderedEmail, event: Omit<RequestChange, 'actor'>): Notice => ({
    to: [request.customerEmail],
    email,
    event,
  });

  return {
    async sendInvitation({
      request,
      expiresAt,
      resendNumber,
      requestedBy,
    }: {
      request: RequestFacts;
      expiresAt: string;
      resendNumber?: number;
      requestedBy?: PartnerUserRef;
    }) {
      const { requestId } = request;
      const email = renderRequestInvitation(request, { expiresAt, invitationUrl: links.urlFor(requestId) });
      const notice = toCustomer(
        request,
        email,
        resendNumber
          ? { key: `invitation:${requestId}:resend:${resendNumber}`, type: 'invitation_resent' }
          : { key: `invitation:${requestId}`, type: 'invitation_sent' },
      );
      await send(requestId, { ...notice, ...(requestedBy && { askedBy: { kind: 'partnerUser' as const, ...requestedBy } }) });
    },

    async sendReminder({ request, expiresAt, reminderNumber }: { request: RequestFacts; expiresAt: string; reminderNumber: number }) {
      const { requestId } = request;
      const email = renderRequestInvitation(request, { expiresAt, invitationUrl: links.urlFor(requestId), reminderNumber });
      await send(
        requestId,
        toCustomer(request, email, {
          key: `reminder:${requestId}:${reminderNumber}`,
          type: 'reminder_sent',
          extra: { $max: { remindersSent: reminderNumber } },
          detail: { reminderNumber },
        }),
      );
    },

    /** Both emails of an acceptance, in one step: their events reach the request in one write. */
    async sendAcceptanceNotices({ request, acceptedBy }: { request: RequestFacts; acceptedBy: CustomerDecider }) {
      await send(request.requestId, ...notices.acceptance(request, acceptedBy));
    },

    async notifyPartner({ request, outcome, reason }: { request: RequestFacts; outcome: 'declined' | 'expired'; reason?: string | undefined }) {
      const { requestId } = request;
      await send(requestId, {
        to: [request.requestedBy.email],
        email: renderRequestOutcome(request, { kind: outcome, ...(reason && { reason }) }),
        event: { key: `partner:${outcome}:${requestId}`, type: 'partner_notified', detail: { kind: outcome } },
      });
    },
  };
}
