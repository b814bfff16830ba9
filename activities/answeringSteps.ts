import { log } from '@temporalio/activity';
import type { RelationshipRequestActivities } from '../workflows/activityPorts.js';

type Parts = Pick<RelationshipRequestActivities, 'openRequest' | 'sendInvitation' | 'recordAcceptance' | 'sendAcceptanceNotices'>;

/**
 * The two steps a request's answering task runs, each one local activity (workflows/relationshipRequest.ts): the write
 * the answer waits on, then its emails, tried once. The write is retried with the step; a failed email does not fail
 * the step, it says so, and the workflow sends the emails later from a scheduled activity. As one step instead of two,
 * an answer costs the workflow one activation and one marker less.
 */
export function createAnsweringSteps(parts: Parts) {
  return {
    openRequestAndInvite: async (input: Parameters<Parts['openRequest']>[0]) => {
      const opened = await parts.openRequest(input);
      if (!opened.eligible) return opened;
      const invitationSent = await triedOnce('invitation', () => parts.sendInvitation({ request: input.request, expiresAt: opened.expiresAt }));
      return { ...opened, invitationSent };
    },

    recordAcceptanceAndNotify: async (input: Parameters<Parts['recordAcceptance']>[0]) => {
      await parts.recordAcceptance(input);
      const noticesSent = await triedOnce('acceptance notices', () => parts.sendAcceptanceNotices({ request: input.request, acceptedBy: input.acceptance.by }));
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
