import createClient from 'openapi-fetch';
import type { paths } from './openapi.js';

/**
 * A partner user's client of the API, typed by `openapi.ts` (generated from the OpenAPI document): every path,
 * parameter, body and answer is checked against the document when it compiles.
 */
export function relationshipsClient(baseUrl: string, apiKey: string) {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });
}
