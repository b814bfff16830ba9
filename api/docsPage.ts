import { html } from 'hono/html';

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
};
type Document = {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
};

const methodsInOrder = ['get', 'post', 'put', 'patch', 'delete'];

/** A readable API reference rendered on the server from the OpenAPI document: no scripts, works offline. */
export function renderDocsPage(doc: Document): string {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    methodsInOrder.filter((method) => item[method]).map((method) => ({ path, method, op: item[method] as Operation })),
  );
  const byTag = new Map<string, typeof operations>();
  for (const entry of operations) {
    const tag = entry.op.tags?.[0] ?? 'Other';
    byTag.set(tag, [...(byTag.get(tag) ?? []), entry]);
  }
  const schemaBlock = (schema: unknown) => html`<pre><code>${JSON.stringify(schema, null, 2)}</code></pre>`;
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${doc.info.title}</title><link rel="stylesheet" href="/assets/docs.css"></head>
<body><main>
<h1>${doc.info.title} <small>v${doc.info.version}</small></h1>
<p>${doc.info.description ?? ''}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Authenticated routes take
<code>Authorization: Bearer &lt;api key&gt;</code>. Errors are <code>application/problem+json</code> (RFC 9457).</p>
<nav aria-label="Sections"><ul>${[...byTag.keys()].map((tag) => html`<li><a href="#${slug(tag)}">${tag}</a></li>`)}</ul></nav>
${[...byTag.entries()].map(
  ([tag, entries]) => html`<section id="${slug(tag)}"><h2>${tag}</h2>
  ${entries.map(
    ({ path, method, op }) => html`<article>
    <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
    <p>${op.summary ?? ''}${credentialNote(op.security)}</p>
    ${op.description ? html`<p>${op.description}</p>` : ''}
    ${op.parameters?.length
      ? html`<h4>Parameters</h4><ul>${op.parameters.map(
          (p) => html`<li><code>${p.name}</code> in ${p.in}${p.required ? ' (required)' : ''}: <code>${JSON.stringify(p.schema ?? {})}</code></li>`,
        )}</ul>`
      : ''}
    ${Object.entries(op.requestBody?.content ?? {}).map(
      ([type, media]) => html`<details><summary>Request body: ${type}</summary>${schemaBlock(media.schema)}</details>`,
    )}
    <h4>Responses</h4><ul>${Object.entries(op.responses ?? {}).map(
      ([status, response]) => html`<li><strong>${status}</strong> ${response.description ?? ''}
        ${Object.entries(response.content ?? {}).map(
          ([type, media]) => html`<details><summary>${type}</summary>${schemaBlock(media.schema)}</details>`,
        )}</li>`,
    )}</ul>
  </article>`,
  )}</section>`,
)}
${doc.components?.schemas
  ? html`<section id="schemas"><h2>Schemas</h2>${Object.entries(doc.components.schemas).map(
      ([name, schema]) => html`<details id="schema-${name}"><summary>${name}</summary>${schemaBlock(schema)}</details>`,
    )}</section>`
  : ''}
</main></body></html>`.toString();
}

const credentialNames: Record<string, string> = { apiKey: 'API key', customerAccessToken: 'access token' };

/** What an operation asks for, from its security requirements; an empty requirement among them makes it optional. */
function credentialNote(security: Operation['security']) {
  const names = [...new Set((security ?? []).flatMap((requirement) => Object.keys(requirement).map((name) => credentialNames[name] ?? name)))];
  if (names.length === 0) return '';
  const optional = security?.some((requirement) => Object.keys(requirement).length === 0);
  return html` <em>(${names.join(' or ')}${optional ? ', optional' : ''})</em>`;
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export const docsCss = `
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
main{max-width:960px;margin:0 auto;padding:2rem 1rem}
h1 small{font-size:.5em;color:#57606a}
article{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
h3{margin:.25rem 0;font-size:1.05rem}
.method{display:inline-block;min-width:4.5em;text-align:center;border-radius:4px;padding:0 .4em;color:#fff;font-size:.85em}
.get{background:#0969da}.post{background:#1a7f37}.put,.patch{background:#9a6700}.delete{background:#cf222e}
pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:.75rem;overflow:auto;font-size:.85em}
a:focus,summary:focus{outline:3px solid #0969da;outline-offset:2px}
`;
