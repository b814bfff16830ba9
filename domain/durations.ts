import ms, { type StringValue } from 'ms';
import { z } from 'zod';

/** The longest invitation we allow, as Partner Center's GDAP requests expire after 90 days. */
export const maxInvitationTtlMs = 90 * 24 * 3_600_000;

/** Milliseconds from the Temporal SDK's duration syntax ('30d', '3d', '90s', '1.5h'). */
export function parseDuration(text: string): number {
  const value = ms(text.trim() as StringValue);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`"${text}" is not a duration (use e.g. 30d, 12h, 90s)`);
  }
  if (value <= 0) throw new Error(`"${text}" must be longer than zero`);
  return value;
}

const toDuration = (text: string, ctx: z.RefinementCtx): number => {
  try {
    return parseDuration(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
};

export const DurationText = z.string().transform(toDuration);

/** A comma-separated list such as '3d,7d,14d,21d'; the empty string means none. */
export const DurationList = z.string().transform((text, ctx) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => toDuration(part, ctx)),
);
