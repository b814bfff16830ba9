import { pino, type Logger } from 'pino';

/** Paths that must never reach a log line, whatever logs them. */
export const redactedPaths = [
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'headers.authorization',
  'invitationUrl',
  '*.invitationUrl',
  'INVITATION_SECRET',
  'INVITATION_SECRET_PREVIOUS',
  'RESEND_API_KEY',
  'TEMPORAL_API_KEY',
  'OIDC_CLIENT_SECRET',
  'TEMPORAL_TLS_CLIENT_KEY_DATA',
];

export function createLogger(options: { level: string; name: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination as pino.DestinationStream | undefined,
  );
}
export type { Logger };
