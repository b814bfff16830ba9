import type { Client } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';

/** What encrypting the payloads of one request costs: its history's payloads, and the codec's CPU time over them. */
export type CodecCost = { payloadsPerRequest: number; kilobytesPerRequest: number; microsecondsPerRequest: number };

const isPayload = (value: object): value is Payload => 'metadata' in value && 'data' in value && value.data instanceof Uint8Array;

function payloadsOf(value: unknown, found: Payload[] = []): Payload[] {
  if (!value || typeof value !== 'object' || value instanceof Uint8Array) return found;
  if (isPayload(value)) found.push(value);
  else for (const child of Object.values(value)) payloadsOf(child, found);
  return found;
}

/**
 * The codec's cost per request, from the histories of `workflowIds` as the server holds them (encrypted): each payload
 * decoded, then encoded again, the best of `repeats` passes, as each is encoded once by the process that sends it and
 * decoded by the one that receives it. A worker that replays a history decodes it again: that is not counted here.
 */
export async function measureCodecCost(client: Client, codec: PayloadCodec, workflowIds: readonly string[], repeats = 5): Promise<CodecCost> {
  const histories = await Promise.all(workflowIds.map((id) => client.workflow.getHandle(id).fetchHistory()));
  const stored = histories.flatMap((history) => payloadsOf(history));
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < repeats; pass += 1) {
    const started = process.cpuUsage();
    const plain = await codec.decode(stored);
    await codec.encode(plain);
    const used = process.cpuUsage(started);
    best = Math.min(best, used.user + used.system);
  }
  const bytes = stored.reduce((sum, payload) => sum + (payload.data?.length ?? 0), 0);
  const per = (total: number, digits: number) => Math.round((total / workflowIds.length) * 10 ** digits) / 10 ** digits;
  return { payloadsPerRequest: per(stored.length, 1), kilobytesPerRequest: per(bytes / 1024, 2), microsecondsPerRequest: per(best, 0) };
}
