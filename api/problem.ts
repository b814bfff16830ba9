import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';

export const problemContentType = 'application/problem+json';

/** RFC 9457 problem details; `errors` names fields for 400s, `code` names the rule for 422s. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .catchall(z.unknown())
  .openapi('Problem');
export type Problem = z.infer<typeof ProblemSchema>;

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export type ProblemInit = {
  status: ContentfulStatusCode;
  slug: string;
  detail: string;
  title?: string;
  headers?: Record<string, string>;
} & Record<string, unknown>;

/** Thrown anywhere in a handler; the app's error handler renders it. */
export class ProblemError extends Error {
  constructor(readonly init: ProblemInit) {
    super(init.detail);
    this.name = 'ProblemError';
  }
}

export function problemBody(init: ProblemInit): Problem {
  const { status, slug, detail, title, headers: _headers, ...extensions } = init;
  return { type: `/problems/${slug}`, title: title ?? titles[status] ?? 'Error', status, detail, ...extensions };
}

export function problemResponse(c: Context, init: ProblemInit): Response {
  return c.body(JSON.stringify(problemBody(init)), init.status, {
    'content-type': problemContentType,
    ...init.headers,
  });
}

/** One entry per field; each field a body must not carry is named on its own. */
export const fieldErrors = (error: z.ZodError) =>
  error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: `Unrecognized key: "${key}"` }))
      : [{ field: issue.path.length > 0 ? issue.path.join('.') : '(body)', message: issue.message }],
  );

export const validationProblem = (error: z.ZodError, where: 'body' | 'query' | 'path' | 'form' = 'body'): ProblemInit => {
  const errors = fieldErrors(error);
  return {
    status: 400,
    slug: 'validation',
    title: 'Your request is not valid',
    detail: `Invalid ${where}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`,
    errors,
  };
};

/** Maps every thrown thing to a problem; unknown errors become a 500 without internals. */
export function toProblem(error: unknown): ProblemInit | undefined {
  if (error instanceof ProblemError) return error.init;
  if (error instanceof z.ZodError) return validationProblem(error);
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    if (status === 413) {
      return { status, slug: 'body-too-large', detail: 'The request body is larger than this endpoint accepts' };
    }
    if (status === 403) {
      return { status, slug: 'cross-site-form', detail: 'Forms must be submitted from this site (Origin check failed)' };
    }
    if (status === 400) {
      return {
        status,
        slug: 'malformed-body',
        detail: 'The request body could not be parsed: send valid JSON with Content-Type: application/json',
        errors: [{ field: '(body)', message: 'malformed' }],
      };
    }
    return { status, slug: 'http-error', detail: titles[status] ?? 'Request failed' };
  }
  return undefined;
}
