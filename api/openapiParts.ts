import type { ZodType } from 'zod';
import { ProblemSchema, problemContentType } from './problem.js';

const problemDescriptions: Record<number, string> = {
  400: 'Invalid input; `errors[]` names each field',
  401: 'Missing or invalid API key',
  403: 'The user lacks the Admin agent or Sales agent role',
  404: 'Not found (or belongs to another partner)',
  405: 'Method not allowed',
  409: 'Conflict with the current state',
  410: 'The invitation has expired',
  413: 'Request body too large',
  415: 'Unsupported content type',
  422: 'A business rule forbids it; `code` names the rule',
  429: 'Too many requests; see Retry-After',
  503: 'A dependency is unavailable, or (`decision-pending`) the decision is being recorded; see Retry-After and send the same request again',
};

/** Problem-details responses for the OpenAPI document, one line per route. */
export function problemResponses<const S extends readonly number[]>(...statuses: S) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: problemDescriptions[status] ?? 'Error', content: { [problemContentType]: { schema: ProblemSchema } } },
    ]),
  ) as { [K in S[number]]: { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } } };
}

export const jsonBody = <T extends ZodType>(schema: T, required = true) => ({
  required,
  content: { 'application/json': { schema } },
});
