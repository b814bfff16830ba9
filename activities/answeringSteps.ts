import { log } from '@temporalio/activity';
import type { Acceptance, RequestFacts } from '../domain/relationshipRequest.js';
import type { RelationshipRequestActivities } from '../workflows/activityPorts.js';
import type { RequestNotices } from './emails.js';
import type { RecordRequestEvents } from './requestEvents.js';
import type { AcceptanceRecords } from './requests.js';

type Parts = Pick<RelationshipRequestActivities, 'openRequest' | 'sendInvitation'> & {
  accepting: AcceptanceRecords;
  notices: RequestNotices;
  record: RecordRequestEvents;
};

/**
 * The two steps a request's answering task runs, each one local activity (workflows/relationshipRequest.ts): the write
 * the answer waits on, then its emails, tried once. The write is retried with the step; a failed email does not fail
 * the step, it says so, and the workflow sends the emails later from a scheduled activity. As one step instead of two,
 * an answer costs the workflow one activation and one marker less.
 */
export function createAnsweringSteps({ openRequest, sendInvitation, accepting, notices, record }: Parts) {
  return {
    openRequestAndInvite: async (input: { request: RequestFacts; invitationTtlMs: number }) => {
      const opened = await openRequest(input);
      if (!opened.eligible) return opened;
      const invitationSent = await triedOnce('invitation', () => sendInvitation({ request: input.request, expiresAt: opened.expiresAt }));
      return { ...opened, invitationSent };
    },

    /** The MCA record and the relationship, the emails, then one write of the request with the acceptance and the emails' events. */
    recordAcceptanceAndNotify: async ({ request, acceptance }: { request: RequestFacts; acceptance: Acceptance }) => {
      await accepting.records(request, acceptance);
      const sent = notices.acceptance(request, acceptance.by);
      const noticesSent = await triedOnce('acceptance notices', () => notices.deliver(sent));
      await record(request.requestId, accepting.change(acceptance), ...(noticesSent ? notices.changes(sent) : []));
      await accepting.publish(request, acceptance);
      return { noticesSent };
    },
  };
}

async function triedOnce(what: string, send: () => Promise<void>): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (error) {
    log.warn(`${what} not sent in the answering task; the workflow sends it from a scheduled activity`, { error: String(error) });
    return false;
  }
}
