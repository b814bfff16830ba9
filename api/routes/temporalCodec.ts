import type { PayloadCodec } from '@temporalio/common';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { z } from 'zod';
import { UnknownPayloadKeyError } from '../../platform/payloadEncryption.js';
import { accessTokenRefusal } from '../identity/accessTokenRefusals.js';
import { bearerCredential } from '../identity/bearerCredential.js';
import type { OperatorTokenVerifier } from '../identity/operatorTokens.js';
import { fieldErrors, ProblemError } from '../problem.js';

export type TemporalCodecDeps = {
  codec: PayloadCodec;
  verify: OperatorTokenVerifier;
  /** The namespace whose payloads this codec encrypts; the UI names the one it shows in `X-Namespace`. */
  namespace: string;
  /** The Temporal UI's origins, whose pages call this from the operator's browser. */
  allowedOrigins: readonly string[];
};

/** A page of a history holds a few hundred payloads; Temporal's own limit on one payload is 2 MB. */
export const maxCodecBodyBytes = 4 * 1024 * 1024;
const maxPayloads = 1_000;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
/** Payloads in protobuf's JSON form, as the Temporal UI and CLI send them: bytes in base64. */
const PayloadsBody = z
  .object({
    payloads: z.array(z.object({ metadata: z.record(z.string(), base64).default({}), data: base64.default('') }).strict()).max(maxPayloads),
  })
  .strict();

const realm = 'temporal-codec';
const refused = (status: 401 | 403, detail: string) =>
  new ProblemError({
    status,
    slug: status === 401 ? 'unauthorized' : 'forbidden',
    detail,
    ...(status === 401 && { headers: { 'www-authenticate': `Bearer realm="${realm}"` } }),
  });

/**
 * The codec server the Temporal UI calls (its `codec.endpoint`, with `passAccessToken`), so that an operator allowed
 * to see a namespace reads its payloads decrypted in the browser, and nobody else does: decoding needs the operator's
 * read permission on the namespace, encoding (the UI sending a signal with input) its write permission. The keys
 * never leave this process; the decrypted payloads go only to the signed-in operator's browser.
 */
export function temporalCodecRoutes(deps: TemporalCodecDeps) {
  const app = new Hono();
  const allowed = new Set(deps.allowedOrigins);
  app.use(
    cors({
      origin: (origin) => (allowed.has(origin) ? origin : null),
      allowMethods: ['POST'],
      allowHeaders: ['authorization', 'content-type', 'x-namespace'],
      maxAge: 600,
    }),
  );

  const handle = (need: 'read' | 'write', transform: (payloads: ReturnType<typeof toPayloads>) => ReturnType<PayloadCodec['decode']>) =>
    async (c: Context) => {
      const token = bearerCredential(c);
      if (!token) throw refused(401, "Send the operator's access token as `Authorization: Bearer <token>` (the Temporal UI's codec setting passAccessToken)");
      const access = await deps.verify(token).catch((error: unknown) => {
        throw accessTokenRefusal(error, realm);
      });
      const namespace = c.req.header('x-namespace') ?? deps.namespace;
      if (namespace !== deps.namespace) throw refused(403, `This codec serves the namespace ${deps.namespace} only`);
      if (need === 'read' ? !access.mayRead : !access.mayWrite) {
        throw refused(403, `The operator holds no ${need === 'read' ? 'read' : 'write'} permission on the namespace ${deps.namespace}`);
      }
      const parsed = PayloadsBody.safeParse(await c.req.json().catch(() => undefined));
      if (!parsed.success) {
        const errors = fieldErrors(parsed.error);
        throw new ProblemError({ status: 400, slug: 'validation', detail: `Invalid body: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors });
      }
      const payloads = await transform(toPayloads(parsed.data.payloads)).catch((error: unknown) => {
        throw new ProblemError({
          status: 422,
          slug: 'undecodable-payload',
          detail: error instanceof UnknownPayloadKeyError ? error.message : 'A payload could not be decoded: it was changed, or encrypted with another key',
        });
      });
      c.header('cache-control', 'no-store');
      return c.json({ payloads: payloads.map(fromPayload) });
    };

  app.post('/decode', handle('read', (payloads) => deps.codec.decode(payloads)));
  app.post('/encode', handle('write', (payloads) => deps.codec.encode(payloads)));
  return app;
}

type JsonPayload = z.infer<typeof PayloadsBody>['payloads'][number];

const toPayloads = (payloads: JsonPayload[]) =>
  payloads.map((payload) => ({
    metadata: Object.fromEntries(Object.entries(payload.metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(payload.data, 'base64'),
  }));

const fromPayload = (payload: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});
