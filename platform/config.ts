import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';
import { DurationList, DurationText, maxInvitationTtlMs } from '../domain/durations.js';
import { ConfigError } from './configError.js';
import { parsePayloadKeys } from './payloadEncryption.js';
import { loadTemporalSettings } from './temporalSettings.js';
import { tracingSettingsProblems } from './tracingSettings.js';

export { ConfigError };

/** Requests a batch opens at once when BATCH_CONCURRENCY is not set. */
export const defaultBatchConcurrency = 8;
/** A webhook delivery's retries when WEBHOOK_RETRY_* are not set: 5 s, doubling, at most 1 h apart, for 3 days. */
export const defaultWebhookRetrySchedule = { initialMs: 5_000, maxIntervalMs: 3_600_000, windowMs: 3 * 24 * 3_600_000 } as const;

const port = z.coerce.number().int().min(1).max(65535);
/** Empty or unset: no entries. */
const commaList = z
  .string()
  .default('')
  .transform((list) => list.split(',').map((entry) => entry.trim()).filter(Boolean));
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const invitationSecret = z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)');

/** The keys that encrypt what goes into Temporal's histories (platform/payloadEncryption.ts), never echoed. */
const payloadCodecKeys = z
  .string()
  .trim()
  .transform((value, context) => {
    if (value === '') return undefined;
    const parsed = parsePayloadKeys(value);
    if ('keyring' in parsed) return parsed.keyring;
    for (const problem of parsed.problems) context.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  })
  .optional();

/** How much one worker process takes on at once; also read by the benchmark's bare worker, so both run alike. */
export const WorkerTuningSchema = z.object({
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(1).default(100),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(250),
});
export type WorkerTuning = z.infer<typeof WorkerTuningSchema>;

/** A limit from the environment (text) or from code (a number): a whole number from 1, else a line saying what it bounds. */
const atMost = (what: string, fallback: number) =>
  z
    .preprocess(
      (value) => (typeof value === 'number' ? String(value) : value),
      z
        .string()
        .trim()
        .regex(/^[0-9]+$/, `must be a whole number: the most ${what}`)
        .transform(Number)
        .refine((limit) => limit >= 1, `must be at least 1: the most ${what}`),
    )
    .default(fallback);

/**
 * Quotas and rate limits, counted in MongoDB and shared by every API instance (platform/quotas.ts); the windows are
 * fixed. One table documents them all: docs/operations.md, "Quotas and rate limits".
 */
export const QuotaSettingsSchema = z.object({
  INVITATION_RATE_LIMIT: atMost('requests a client network makes to invitation pages in a minute', 30),
  AUTH_FAILURE_RATE_LIMIT: atMost('failed authentications a client network makes on /v1 in a minute', 20),
  RESENDS_PER_REQUEST_PER_DAY: atMost('times one invitation is sent again in 24 hours', 5),
  REQUESTS_PER_PARTNER_PER_HOUR: atMost('relationship requests (batch items included) a partner opens in an hour', 2_000),
  EMAILS_PER_PARTNER_PER_HOUR: atMost('invitation emails (new requests and resends) a partner sends in an hour', 4_000),
  WEBHOOK_ENDPOINTS_PER_PARTNER: atMost('webhook endpoints a partner has at once', 10),
});
export type QuotaSettings = z.infer<typeof QuotaSettingsSchema>;

/**
 * Every setting of ours comes from the environment; this schema is the single list of them. The Temporal connection
 * (address, namespace, API key, TLS, profiles) is the SDK's own configuration: see platform/temporalSettings.ts.
 */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
  METRICS_PORT: port.optional(),
  SHUTDOWN_GRACE: DurationText.default(10_000),
  READINESS_DRAIN_DELAY_MS: z.coerce.number().int().min(0).default(2_000),
  /**
   * How long an idle keep-alive connection stays open. Longer than any proxy in front keeps its idle connections to the
   * API (HAProxy, a cloud load balancer: 60 s), so the proxy always closes first and never sends a request on a
   * connection the API is closing, which it could only answer by dropping the client's connection.
   */
  HTTP_KEEP_ALIVE_TIMEOUT: DurationText.default(65_000),
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((entry) => entry.trim()).filter(Boolean))
    .refine((addresses) => addresses.every((address) => isIP(address) !== 0), 'must be a comma-separated list of IP addresses'),

  TEMPORAL_TASK_QUEUE: z.string().min(1).default('relationship-requests'),
  ...WorkerTuningSchema.shape,
  /** Requests a batch opens at once. */
  BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(defaultBatchConcurrency),
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

  INVITATION_SECRET: invitationSecret,
  INVITATION_SECRET_PREVIOUS: z.preprocess((value) => (value === '' ? undefined : value), invitationSecret.optional()),
  PAYLOAD_CODEC_KEYS: payloadCodecKeys,
  INVITATION_TTL: DurationText.default(30 * 24 * 3_600_000).refine(
    (ms) => ms <= maxInvitationTtlMs,
    'must be at most 90d',
  ),
  REMINDER_AFTER: DurationList.default([3, 7, 14, 21].map((days) => days * 24 * 3_600_000)),
  /**
   * How long a day of an admin relationship lasts (its durations, approval expiry, reminders and notices are in days).
   * 1d; shorter only outside production, so that a relationship's years run in seconds in tests and demos.
   */
  ADMIN_RELATIONSHIP_DAY: DurationText.default(24 * 3_600_000).refine((ms) => ms >= 100 && ms <= 24 * 3_600_000, 'must be between 100ms and 1d'),

  RESEND_API_KEY: optionalText,
  RESEND_BASE_URL: z.url().optional(),
  EMAIL_FROM: z.string().min(3).default('Reseller relationships <relationships@example.com>'),

  ...QuotaSettingsSchema.shape,

  CUSTOMER_SIGN_IN: z.enum(['oidc', 'off']).default('oidc'),
  MCA_VERSION: optionalText,
  OIDC_ISSUER: optionalText.refine((url) => url === undefined || /^https?:\/\//.test(url) && URL.canParse(url), 'must be an http(s) URL'),
  OIDC_CLIENT_ID: optionalText,
  OIDC_CLIENT_SECRET: optionalText,
  // Bearer access tokens presented to the API (docs/identity.md): its own audience, scope and calling clients.
  OIDC_API_AUDIENCE: commaList.refine((audiences) => audiences.every((audience) => !/\s/.test(audience)), 'must be a comma-separated list without spaces'),
  OIDC_API_SCOPE: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/, 'must be one scope name, without spaces or quotes (e.g. Relationships.ReadWrite)')
    .default('Relationships.ReadWrite'),
  OIDC_ALLOWED_CLIENT_IDS: commaList,

  // The API's and the workers' own tokens for the Temporal server, when it checks them (client credentials).
  TEMPORAL_AUTH_ISSUER: optionalText.refine((url) => url === undefined || /^https?:\/\//.test(url) && URL.canParse(url), 'must be an http(s) URL'),
  TEMPORAL_AUTH_CLIENT_ID: optionalText,
  TEMPORAL_AUTH_CLIENT_SECRET: optionalText,
  TEMPORAL_AUTH_AUDIENCE: optionalText,
  TEMPORAL_AUTH_SCOPE: optionalText,

  // Operators (the Temporal UI's codec server, api/routes/temporalCodec.ts): the company's own tenant, not customers'.
  OPERATOR_OIDC_ISSUER: optionalText.refine((url) => url === undefined || /^https?:\/\//.test(url) && URL.canParse(url), 'must be an http(s) URL'),
  OPERATOR_TOKEN_AUDIENCE: commaList.refine((audiences) => audiences.every((audience) => !/\s/.test(audience)), 'must be a comma-separated list without spaces'),
  CODEC_ALLOWED_ORIGINS: commaList.refine(
    (origins) => origins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin),
    'must be a comma-separated list of origins (scheme, host and port, no path), such as https://temporal-ui.example',
  ),

  WEBHOOK_SECRET_KEY: optionalText.refine(
    (key) => key === undefined || (/^[A-Za-z0-9+/]{43}=$/.test(key) && Buffer.from(key, 'base64').length === 32),
    'must be 32 bytes in base64 (`openssl rand -base64 32`)',
  ),
  WEBHOOK_ALLOW_LOOPBACK: z.enum(['true', 'false'], 'must be true or false').default('false').transform((allow) => allow === 'true'),
  WEBHOOK_RETRY_INITIAL: DurationText.default(defaultWebhookRetrySchedule.initialMs),
  WEBHOOK_RETRY_MAX_INTERVAL: DurationText.default(defaultWebhookRetrySchedule.maxIntervalMs),
  WEBHOOK_RETRY_WINDOW: DurationText.default(defaultWebhookRetrySchedule.windowMs),
});

export type Config = z.infer<typeof ConfigSchema>;

/**
 * Parses the environment; one line per bad variable, naming it, never echoing its value. The Temporal connection
 * settings are checked here too, so that every problem shows at start-up, at once; they are resolved again when
 * connecting, so that no API key or private key is kept in the config object.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, checks: readonly ((config: Config) => string[])[] = []): Config {
  const result = ConfigSchema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
        return `${name}: ${message}`;
      });
  problems.push(...temporalSettingsProblems(env), ...tracingSettingsProblems(env));
  if (result.success) problems.push(...secretAndModeProblems(result.data), ...checks.flatMap((check) => check(result.data)));
  if (result.success && env.TEMPORAL_API_KEY && temporalAuthSettings(result.data)) {
    problems.push('TEMPORAL_API_KEY: give it or the TEMPORAL_AUTH_* client credentials, not both: both would set the Authorization header');
  }
  if (result.success && problems.length === 0) return result.data;
  throw new ConfigError(problems);
}

/** What a bearer access token must show to be accepted by the API, where an OpenID provider is configured. */
export const accessTokenPolicy = (config: Pick<Config, 'OIDC_ISSUER' | 'OIDC_API_AUDIENCE' | 'OIDC_API_SCOPE' | 'OIDC_ALLOWED_CLIENT_IDS'>) =>
  config.OIDC_ISSUER && config.OIDC_API_AUDIENCE.length > 0
    ? { issuer: config.OIDC_ISSUER, audiences: config.OIDC_API_AUDIENCE, scope: config.OIDC_API_SCOPE, allowedClientIds: config.OIDC_ALLOWED_CLIENT_IDS }
    : undefined;

function accessTokenSettingsProblems(config: Config): string[] {
  if (!config.OIDC_ISSUER) return [];
  if (config.OIDC_API_AUDIENCE.length === 0) {
    return [
      "OIDC_API_AUDIENCE: is required with OIDC_ISSUER: the API's own audience, in Entra ID its client ID and Application ID URI (<client-id>,api://<client-id>), never the sign-in client's ID",
    ];
  }
  if (config.OIDC_CLIENT_ID && config.OIDC_API_AUDIENCE.includes(config.OIDC_CLIENT_ID)) {
    return ["OIDC_API_AUDIENCE: must not name OIDC_CLIENT_ID: ID tokens of the invitation page's sign-in carry that audience; register the API as its own application"];
  }
  return [];
}

/**
 * What every process checks: the secret being rotated out differs from the new one (invitation links and sessions
 * are signed with keys made from these: platform/secretKeys.ts), and production is served over https only.
 */
export function secretAndModeProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.INVITATION_SECRET_PREVIOUS === config.INVITATION_SECRET) {
    problems.push('INVITATION_SECRET_PREVIOUS: must differ from INVITATION_SECRET: it is the value being rotated out (unset it when no rotation is under way)');
  }
  if (config.NODE_ENV === 'production' && new URL(config.PUBLIC_BASE_URL).protocol !== 'https:') {
    problems.push('PUBLIC_BASE_URL: must be an https URL when NODE_ENV=production: customers sign in and decide at this address, with Secure cookies');
  }
  problems.push(...temporalAuthProblems(config));
  if (config.NODE_ENV === 'production' && config.ADMIN_RELATIONSHIP_DAY !== 24 * 3_600_000) {
    problems.push('ADMIN_RELATIONSHIP_DAY: must be 1d in production: admin relationships last the days the partner and the customer agreed');
  }
  if (config.NODE_ENV === 'production' && !config.PAYLOAD_CODEC_KEYS) {
    problems.push(
      'PAYLOAD_CODEC_KEYS: is required in production: `<key-id>:<32 random bytes in base64>` (`openssl rand -base64 32`), the same for every API instance and worker; they encrypt what Temporal keeps in its histories',
    );
  }
  return problems;
}

const temporalAuthNames = ['TEMPORAL_AUTH_ISSUER', 'TEMPORAL_AUTH_CLIENT_ID', 'TEMPORAL_AUTH_CLIENT_SECRET', 'TEMPORAL_AUTH_AUDIENCE', 'TEMPORAL_AUTH_SCOPE'] as const;

/** Where this process gets its tokens for the Temporal server, when it does (platform/temporalTokens.ts). */
export const temporalAuthSettings = (config: Pick<Config, (typeof temporalAuthNames)[number]>) =>
  config.TEMPORAL_AUTH_ISSUER && config.TEMPORAL_AUTH_CLIENT_ID && config.TEMPORAL_AUTH_CLIENT_SECRET
    ? {
        issuer: config.TEMPORAL_AUTH_ISSUER,
        clientId: config.TEMPORAL_AUTH_CLIENT_ID,
        clientSecret: config.TEMPORAL_AUTH_CLIENT_SECRET,
        audience: config.TEMPORAL_AUTH_AUDIENCE,
        scope: config.TEMPORAL_AUTH_SCOPE,
      }
    : undefined;

function temporalAuthProblems(config: Config): string[] {
  if (!temporalAuthNames.some((name) => config[name])) return [];
  const problems = (['TEMPORAL_AUTH_ISSUER', 'TEMPORAL_AUTH_CLIENT_ID', 'TEMPORAL_AUTH_CLIENT_SECRET'] as const)
    .filter((name) => !config[name])
    .map((name) => `${name}: is required with the other TEMPORAL_AUTH_* settings: this process's client credentials for its Temporal tokens`);
  if (!config.TEMPORAL_AUTH_AUDIENCE && !config.TEMPORAL_AUTH_SCOPE) {
    problems.push('TEMPORAL_AUTH_AUDIENCE: is required, or TEMPORAL_AUTH_SCOPE (Entra ID: api://<temporal-app>/.default): what the token is for');
  }
  return problems;
}

/** The Microsoft Customer Agreement's version that acceptances record; a development placeholder outside production. */
export const customerAgreementVersion = (config: Pick<Config, 'MCA_VERSION'>): string => config.MCA_VERSION ?? 'development';

/** What only the API needs: how customers and partner users prove who they are. */
export function apiSettingsProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.CUSTOMER_SIGN_IN === 'off' && config.NODE_ENV === 'production') {
    problems.push('CUSTOMER_SIGN_IN: off is refused in production: customers must sign in before they decide');
  }
  if (config.CUSTOMER_SIGN_IN === 'oidc') {
    for (const name of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
      if (!config[name]) problems.push(`${name}: is required while CUSTOMER_SIGN_IN=oidc (the customer signs in before deciding); CUSTOMER_SIGN_IN=off turns sign-in off outside production`);
    }
  }
  if (config.NODE_ENV === 'production' && !config.MCA_VERSION) {
    problems.push('MCA_VERSION: is required in production: the Microsoft Customer Agreement version acceptances record');
  }
  problems.push(...accessTokenSettingsProblems(config), ...operatorSettingsProblems(config));
  return problems;
}

/** Where operators' tokens come from and what they must be for, when the codec server is on. */
export const operatorTokenPolicy = (config: Pick<Config, 'OPERATOR_OIDC_ISSUER' | 'OIDC_ISSUER' | 'OPERATOR_TOKEN_AUDIENCE'>) => {
  const issuer = config.OPERATOR_OIDC_ISSUER ?? config.OIDC_ISSUER;
  return issuer && config.OPERATOR_TOKEN_AUDIENCE.length > 0 ? { issuer, audiences: config.OPERATOR_TOKEN_AUDIENCE } : undefined;
};

function operatorSettingsProblems(config: Config): string[] {
  if (config.OPERATOR_TOKEN_AUDIENCE.length === 0) {
    return config.CODEC_ALLOWED_ORIGINS.length > 0 ? ["CODEC_ALLOWED_ORIGINS: the codec server is off without OPERATOR_TOKEN_AUDIENCE (the audience of operators' access tokens)"] : [];
  }
  const problems: string[] = [];
  if (!config.OPERATOR_OIDC_ISSUER && !config.OIDC_ISSUER) {
    problems.push("OPERATOR_OIDC_ISSUER: is required with OPERATOR_TOKEN_AUDIENCE: the issuer of operators' tokens, your own tenant's (https://login.microsoftonline.com/<tenant-id>/v2.0)");
  }
  if (config.OPERATOR_TOKEN_AUDIENCE.some((audience) => config.OIDC_API_AUDIENCE.includes(audience))) {
    problems.push("OPERATOR_TOKEN_AUDIENCE: must not name the API's own audience (OIDC_API_AUDIENCE): partners' tokens carry that one");
  }
  if (config.NODE_ENV === 'production' && config.CODEC_ALLOWED_ORIGINS.some((origin) => !origin.startsWith('https:'))) {
    problems.push('CODEC_ALLOWED_ORIGINS: must be https origins in production: operators read decrypted payloads from them');
  }
  return problems;
}

/** What the API and the worker need to handle webhook signing secrets and receivers. */
export function webhookSettingsProblems(config: Config): string[] {
  const problems: string[] = [];
  if (config.NODE_ENV === 'production' && !config.WEBHOOK_SECRET_KEY) {
    problems.push(
      'WEBHOOK_SECRET_KEY: is required in production: 32 random bytes in base64 (`openssl rand -base64 32`) that encrypt webhook signing secrets, the same for every API instance and worker',
    );
  }
  if (config.NODE_ENV === 'production' && config.WEBHOOK_ALLOW_LOOPBACK) {
    problems.push('WEBHOOK_ALLOW_LOOPBACK: true is refused in production: webhook receivers must be https URLs on public addresses');
  }
  return problems;
}

function temporalSettingsProblems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadTemporalSettings(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** For entry points: print the problems and exit non-zero instead of a stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env, checks: readonly ((config: Config) => string[])[] = []): Config {
  try {
    return loadConfig(env, checks);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}
