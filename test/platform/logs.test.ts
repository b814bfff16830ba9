import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import { createLogger } from '../../platform/logger.js';
import { createLogPrettifier } from '../../platform/logPrettifier.js';
import { temporalLoggerFrom } from '../../platform/temporalRuntime.js';

const apiKey = 'tmprl-api-key-that-must-never-show';

/** What `npm run api` writes for a few typical entries: its raw output, chunk by chunk. */
function apiOutput(): string[] {
  const chunks: string[] = [];
  const log = createLogger({
    level: 'info',
    name: 'api',
    destination: new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
  });
  log.info({ url: 'http://127.0.0.1:3000' }, 'api listening');
  log.warn({ TEMPORAL_API_KEY: apiKey, temporal: { apiKey } }, 'a line\nwith a break');
  log.error({ err: new Error('Temporal is unavailable') }, 'start failed');
  return chunks;
}

describe('logs', () => {
  test('outside `npm run dev` every entry is one JSON object on one line, secrets redacted', () => {
    const chunks = apiOutput();
    assert.equal(chunks.length, 3);
    for (const chunk of chunks) {
      assert.ok(chunk.endsWith('\n') && !chunk.slice(0, -1).includes('\n'), `not one line: ${chunk}`);
      const entry = JSON.parse(chunk) as Record<string, unknown>;
      assert.equal(entry.service, 'api');
      assert.equal(typeof entry.time, 'string');
    }
    assert.equal(chunks.join('').includes(apiKey), false);
  });

  test("`npm run dev` shows its children's JSON lines as readable ones, and other lines as they are", () => {
    const readable = createLogPrettifier({ colorize: false });
    const [listening, warning, failure] = apiOutput().map((chunk) => readable(chunk.trimEnd()));

    assert.match(listening!, /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: api listening \{"url":"http:\/\/127\.0\.0\.1:3000"\}$/);
    assert.match(warning!, /^\[[\d:.]+\] WARN: a line/);
    assert.match(warning!, /"TEMPORAL_API_KEY":"\[redacted\]"/);
    assert.equal(warning!.includes(apiKey), false);
    const [failureLine, ...stack] = failure!.split('\n');
    assert.match(failureLine!, /^\[[\d:.]+\] ERROR: start failed/);
    assert.ok(stack.some((line) => line.includes('Temporal is unavailable')), 'the error follows its line');

    for (const line of ['Invalid configuration:', '  - TEMPORAL_PROFILE: no profile "prod" in /x.toml', '{not json', '']) {
      assert.equal(readable(line), line);
    }
  });

  test('the SDK lines reach the log at its level with their fields, and below it cost no look at their fields', () => {
    const lines: Record<string, unknown>[] = [];
    const log = createLogger({
      level: 'info',
      name: 'worker',
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
          done();
        },
      }),
    });
    const sdkLogger = temporalLoggerFrom(log);
    let looked = 0;
    const meta = Object.defineProperty({}, 'activityType', { enumerable: true, get: () => (looked += 1, 'openRequest') });
    sdkLogger.debug('Activity started', meta);
    assert.equal(looked, 0);
    sdkLogger.warn('Activity failed', meta);
    assert.equal(looked, 1);
    assert.deepEqual(lines.map(({ msg, activityType }) => ({ msg, activityType })), [{ msg: 'Activity failed', activityType: 'openRequest' }]);
  });
});
