import { existsSync } from 'node:fs';
import { z } from 'zod';
import { DurationList, DurationText, maxInvitationTtlMs } from '../domain/durations.js';

const port = z.coerce.number().int().min(1).max(65535);
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** How much one worker process takes on at once; also read by the benchmark's bare worker, so both run alike. */
export const WorkerTuningSchema = z.object({
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(1).default(100),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(250),
});
export type WorkerTuning = z.infer<typeof WorkerTuningSchema>;

/** Every setting comes from the environment; this schema is the single list of them. */
export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    HOST: z.string().default('127.0.0.1'),
    PORT: port.default(3000),
    PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
    METRICS_PORT: port.optional(),
    SHUTDOWN_GRACE: DurationText.default(10_000),
    READINESS_DRAIN_DELAY_MS: z.coerce.number().int().min(0).default(2_000),

    TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('relationship-requests'),
    TEMPORAL_API_KEY: optionalText,
    TEMPORAL_TLS_CERT_PATH: optionalText,
    TEMPORAL_TLS_KEY_PATH: optionalText,
    TEMPORAL_TLS_SERVER_NAME: optionalText,
    ...WorkerTuningSchema.shape,
    WORKFLOW_BUNDLE_PATH: optionalText.refine(
      (path) => path === undefined || existsSync(path),
      'no file at this path; build one with `npm run bundle-workflows -- <path>`',
    ),

    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// connection string')
      .default('mongodb://127.0.0.1:27017/'),
    MONGODB_DB: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1-63 letters, digits, _ or -')
      .default('reseller_relationships'),

    INVITATION_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)'),
    INVITATION_TTL: DurationText.default(30 * 24 * 3_600_000).refine(
      (ms) => ms <= maxInvitationTtlMs,
      'must be at most 90d',
    ),
    REMINDER_AFTER: DurationList.default([3, 7, 14, 21].map((days) => days * 24 * 3_600_000)),

    RESEND_API_KEY: optionalText,
    RESEND_BASE_URL: z.url().optional(),
    EMAIL_FROM: z.string().min(3).default('Reseller relationships <relationships@example.com>'),

    INVITATION_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
    AUTH_FAILURE_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  })
  .refine((config) => Boolean(config.TEMPORAL_TLS_CERT_PATH) === Boolean(config.TEMPORAL_TLS_KEY_PATH), {
    path: ['TEMPORAL_TLS_KEY_PATH'],
    message: 'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together',
    // Check the pair even when other variables are bad, so every problem is reported at once.
    when: (payload) => {
      const env = payload.value as Record<string, unknown>;
      return typeof env === 'object' && env !== null;
    },
  });

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; one line per bad variable, naming it, never echoing its value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    return `${name}: ${message}`;
  });
  throw new ConfigError(problems);
}

/** For entry points: print the problems and exit non-zero instead of a stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}
