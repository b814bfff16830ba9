import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Headers for server-rendered pages: own styles only, no framing, and no Referer carrying the token. Scripts only
 * where `scripts` says, and then only the site's own files (never inline), calling the site only.
 */
export const pageHeaders = (options: { scripts?: boolean } = {}): MiddlewareHandler =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      ...(options.scripts && { scriptSrc: ["'self'"], connectSrc: ["'self'"] }),
      styleSrc: ["'self'"],
      imgSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
    },
    referrerPolicy: 'no-referrer',
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy: 'same-origin',
  });

/** Invitation pages are personal: never cached by shared caches or kept in history caches. */
export const noStore = (): MiddlewareHandler => async (c, next) => {
  await next();
  c.header('cache-control', 'no-store');
};

/**
 * Form posts must come from our own pages (Origin or Sec-Fetch-Site). JSON posts need no check:
 * a browser cannot send `application/json` across sites without a CORS preflight, which we never grant.
 */
export const sameOriginForms = (publicBaseUrl: string): MiddlewareHandler =>
  csrf({ origin: (origin, c) => origin === new URL(publicBaseUrl).origin || origin === new URL(c.req.url).origin });
