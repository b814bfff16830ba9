import type { Context } from 'hono';
import type { z } from 'zod';
import { problemResponse, validationProblem } from './problem.js';

type HookResult = { success: true } | { success: false; error: z.ZodError; target: string };

/** Every route's zod validation failure becomes a 400 problem naming the fields. */
export function validationHook(result: HookResult, c: Context) {
  if (result.success) return;
  const where = result.target === 'json' ? 'body' : result.target === 'param' ? 'path' : result.target === 'form' ? 'form' : 'query';
  return problemResponse(c, validationProblem(result.error, where));
}
