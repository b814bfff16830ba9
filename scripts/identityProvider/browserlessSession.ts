/**
 * Just enough of a browser to sign in through the provider's real pages with fetch: a cookie jar (by origin and path),
 * redirects followed by hand, and HTML forms read and submitted with their hidden fields. Used by `npm run dev:token`
 * and by tests.
 */

export type Page = { url: URL; status: number; html: string };
/** Where following redirects ended: at a URL the caller stops at (not fetched), or at a page. */
export type Landing = { kind: 'stopped'; url: URL } | { kind: 'page'; page: Page };
export type Form = { id?: string; action: URL; method: 'GET' | 'POST'; fields: Record<string, string> };
/** Values to submit with a form: one per field, or a list for a field sent several times (checkboxes). */
export type FormValues = Record<string, string | readonly string[]>;

type Cookie = { origin: string; path: string; name: string; value: string };

const decodeEntities = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_entity, code: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (code[0] !== '#') return named[code.toLowerCase()] ?? '';
    return String.fromCodePoint(code[1]?.toLowerCase() === 'x' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10));
  });

const attributesOf = (tag: string): Record<string, string> =>
  Object.fromEntries([...tag.matchAll(/([\w.:-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)].slice(1).map((match) => [match[1]!.toLowerCase(), decodeEntities(match[2] ?? match[3] ?? match[4] ?? '')]));

/** The forms of a page with their named inputs' values (what a browser would send before anything is typed). */
export function formsOf(page: Page): Form[] {
  return [...page.html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, tag = '', body = '']) => {
    const attributes = attributesOf(`<form ${tag}>`);
    const fields = Object.fromEntries(
      [...body.matchAll(/<input\b[^>]*>/gi)]
        .map(([input]) => attributesOf(input))
        .filter((input) => input.name && !['submit', 'button', 'checkbox', 'radio'].includes(input.type ?? ''))
        .map((input) => [input.name!, input.value ?? '']),
    );
    return {
      ...(attributes.id && { id: attributes.id }),
      action: new URL(attributes.action || page.url.href, page.url),
      method: (attributes.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET',
      fields,
    };
  });
}

export function createBrowserlessSession() {
  const jar = new Map<string, Cookie>();

  const cookieHeader = (url: URL) =>
    [...jar.values()]
      .filter((cookie) => cookie.origin === url.origin && (url.pathname === cookie.path || url.pathname.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`)))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');

  function keepCookies(url: URL, response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributeParts] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const attributes = Object.fromEntries(attributeParts.map((part) => {
        const [key = '', ...rest] = part.split('=');
        return [key.trim().toLowerCase(), rest.join('=').trim()];
      }));
      const path = attributes.path || '/';
      const key = `${url.origin} ${path} ${name}`;
      const expired = (attributes.expires && Date.parse(attributes.expires) <= Date.now()) || (attributes['max-age'] !== undefined && Number(attributes['max-age']) <= 0);
      if (expired) jar.delete(key);
      else jar.set(key, { origin: url.origin, path, name, value });
    }
  }

  /** A form's body: URL-encoded, or multipart when a file is attached. A field given a list is sent once per value. */
  function bodyOf(fields: FormValues, files: Record<string, File>): URLSearchParams | FormData {
    const body = Object.keys(files).length > 0 ? new FormData() : new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) for (const one of typeof value === 'string' ? [value] : value) body.append(name, one);
    if (body instanceof FormData) for (const [name, file] of Object.entries(files)) body.append(name, file);
    return body;
  }

  async function send(url: URL, method: 'GET' | 'POST', body?: URLSearchParams | FormData): Promise<Response> {
    const headers: Record<string, string> = {};
    const cookies = cookieHeader(url);
    if (cookies) headers.cookie = cookies;
    if (body) {
      // fetch sets the content type, with a multipart body's boundary.
      // As a browser does for a form posted from a page of the same origin (every form these pages post).
      headers.origin = url.origin;
    }
    const response = await fetch(url, { method, headers, redirect: 'manual', ...(body && { body }) });
    keepCookies(url, response);
    return response;
  }

  async function follow(first: Response, from: URL, stopAt: (url: URL) => boolean): Promise<Landing> {
    let response = first;
    let url = from;
    for (let hops = 0; hops < 20; hops += 1) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { kind: 'page', page: { url, status: response.status, html: await response.text() } };
      }
      await response.body?.cancel();
      url = new URL(location, url);
      if (stopAt(url)) return { kind: 'stopped', url };
      response = await send(url, 'GET');
    }
    throw new Error(`More than 20 redirects from ${from.origin}`);
  }

  const never = () => false;

  return {
    /** The value of a cookie the session would send to `url`, as a page's script reads it. */
    cookie(url: string | URL, name: string): string | undefined {
      const target = new URL(url);
      return cookieHeader(target)
        .split('; ')
        .find((pair) => pair.startsWith(`${name}=`))
        ?.slice(name.length + 1);
    },
    /** GET the URL, following redirects until a page, or until `stopAt` names the next URL. */
    async open(url: string | URL, stopAt: (url: URL) => boolean = never): Promise<Landing> {
      const target = new URL(url);
      return follow(await send(target, 'GET'), target, stopAt);
    },
    /** Submit a form of the page with its own fields and these values, then follow redirects as `open` does. */
    async submit(form: Form, values: FormValues = {}, stopAt: (url: URL) => boolean = never): Promise<Landing> {
      const fields = { ...form.fields, ...values };
      if (form.method === 'GET') {
        const target = new URL(form.action);
        for (const [name, value] of Object.entries(fields)) target.searchParams.set(name, typeof value === 'string' ? value : value.join(','));
        return this.open(target, stopAt);
      }
      return follow(await send(form.action, 'POST', bodyOf(fields, {})), form.action, stopAt);
    },
    /** Submit a form with files, as multipart/form-data, then follow redirects as `open` does. */
    async upload(form: Form, values: FormValues, files: Record<string, File>): Promise<Landing> {
      return follow(await send(form.action, 'POST', bodyOf({ ...form.fields, ...values }, files)), form.action, never);
    },
  };
}
export type BrowserlessSession = ReturnType<typeof createBrowserlessSession>;
