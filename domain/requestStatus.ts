import { z } from 'zod';
import { decisions, requestStatuses, transitions } from './lifecycle.js';

export { canTransition, isTerminal, statusAfter, transitions } from './lifecycle.js';

export const RequestStatus = z.enum(requestStatuses);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const terminalStatuses: readonly RequestStatus[] = requestStatuses.filter((s) => transitions[s].length === 0);

export const Decision = z.enum(decisions);
export type Decision = z.infer<typeof Decision>;
