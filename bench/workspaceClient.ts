/**
 * The workspace step's client: a partner user signed in through the real OpenID provider without a browser, then
 * plain keep-alive requests with the session's cookie, timed on the client, and the scripts each page loads.
 */
import { gzipSync } from 'node:zlib';
import { createBrowserlessSession } from '../scripts/identityProvider/browserlessSession.js';
import { pageOf, signInOnLoginPage } from '../scripts/identityProvider/passwordSignIn.js';

/** The workspace session's cookie name outside https (`__Host-partner_session` with Secure cookies). */
const sessionCookie = 'partner_session';

/**
 * Signs `email` in as a browser would: the workspace sends the visitor to its sign-in page, its button to the
 * provider, the provider's login form back to the callback, and the callback to the customer list. Returns the
 * `cookie` header the signed-in pages take.
 */
export async function signInToWorkspace(base: string, credentials: { email: string; password: string }): Promise<string> {
  const session = createBrowserlessSession();
  const signInPage = pageOf(await session.open(`${base}/workspace/customers`), 'the sign-in page');
  if (signInPage.url.pathname !== '/workspace/sign-in') throw new Error(`a visitor was not sent to the sign-in page but to ${signInPage.url.pathname} (${signInPage.status})`);
  const start = /href="(\/workspace\/sign-in\/start[^"]*)"/.exec(signInPage.html)?.[1];
  if (!start) throw new Error('the sign-in page has no sign-in button');
  const landed = pageOf(await signInOnLoginPage(session, await session.open(new URL(start.replaceAll('&amp;', '&'), base)), credentials), 'the customer list');
  if (landed.url.pathname !== '/workspace/customers' || landed.status !== 200) {
    throw new Error(`the sign-in of ${credentials.email} ended at ${landed.url.pathname} (${landed.status}), not on the customer list`);
  }
  const value = session.cookie(base, sessionCookie);
  if (!value) throw new Error(`the sign-in left no ${sessionCookie} cookie`);
  return `${sessionCookie}=${value}`;
}

export type Fetched = { status: number; ms: number; html: string; location: string | null };

/** One GET with the session, timed from the request to the last byte of the body; redirects are not followed. */
export async function timedGet(url: string, cookie: string): Promise<Fetched> {
  const t0 = performance.now();
  const response = await fetch(url, { headers: { cookie, 'accept-language': 'en' }, redirect: 'manual' });
  const html = await response.text();
  return { status: response.status, ms: performance.now() - t0, html, location: response.headers.get('location') };
}

/** The page's link with `rel="next"`, as a path with its query (the HTML's `&amp;` decoded). */
export function nextLinkOf(html: string): string | undefined {
  const link = /<a\b[^>]*href="([^"]*)"[^>]*rel="next"/.exec(html)?.[1] ?? /<a\b[^>]*rel="next"[^>]*href="([^"]*)"/.exec(html)?.[1];
  return link?.replaceAll('&amp;', '&');
}

export type ScriptBytes = {
  /** Same-origin `<script src>` files, each with its size; other origins are listed, not counted. */
  files: { src: string; bytes: number; gzipBytes: number }[];
  otherOrigins: string[];
  /** Inline `<script>` bodies. */
  inlineBytes: number;
  /** Files and inline script together, uncompressed and gzipped (each file compressed on its own). */
  bytes: number;
  gzipBytes: number;
};

/** Every script the page loads from its own origin, fetched with the session, and its inline scripts. */
export async function scriptBytesOf(html: string, pageUrl: string, cookie: string): Promise<ScriptBytes> {
  const origin = new URL(pageUrl).origin;
  const files: ScriptBytes['files'] = [];
  const otherOrigins: string[] = [];
  let inlineBytes = 0;
  let inlineGzip = 0;
  for (const [, attributes = '', body = ''] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const src = /\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(attributes);
    if (!src) {
      const inline = Buffer.from(body);
      inlineBytes += inline.length;
      if (inline.length > 0) inlineGzip += gzipSync(inline).length;
      continue;
    }
    const url = new URL((src[1] ?? src[2] ?? src[3] ?? '').replaceAll('&amp;', '&'), pageUrl);
    if (url.origin !== origin) {
      otherOrigins.push(url.href);
      continue;
    }
    const response = await fetch(url, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`the script ${url.pathname} of ${new URL(pageUrl).pathname} answered ${response.status}`);
    const file = Buffer.from(await response.arrayBuffer());
    files.push({ src: `${url.pathname}${url.search}`, bytes: file.length, gzipBytes: gzipSync(file).length });
  }
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  return {
    files,
    otherOrigins,
    inlineBytes,
    bytes: sum(files.map((file) => file.bytes)) + inlineBytes,
    gzipBytes: sum(files.map((file) => file.gzipBytes)) + inlineGzip,
  };
}
