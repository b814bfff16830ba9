import { createHash } from 'node:crypto';

/** API keys are high-entropy secrets, so a plain SHA-256 is the right lookup hash (no salt needed to resist guessing). */
export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey, 'utf8').digest('hex');
