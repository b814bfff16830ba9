import type { OpenAPIHono } from '@hono/zod-openapi';

/**
 * The top of the OpenAPI document: what the API is, where it is served (PUBLIC_BASE_URL, the address customers and
 * partners reach), and its license. The code is not licensed to anyone (no license file, a private package), and SPDX
 * has no identifier for that, so the document names it with an SPDX license reference of its own.
 */
export function openApiDocumentConfig(publicBaseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Reseller relationship requests API',
      version: '1.0.0',
      description:
        'Request reseller relationships from customer tenants, follow them to acceptance, and list the customers you may sell to.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: publicBaseUrl.replace(/\/+$/, ''), description: 'This deployment (PUBLIC_BASE_URL)' }],
  };
}

/** The credentials operations name in their `security`, registered once for the whole document. */
export function registerSecuritySchemes(app: Pick<OpenAPIHono, 'openAPIRegistry'>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      "A partner user's API key, or an access token of the OpenID provider for this API (the delegated scope in `scp`, or an application's app role): `Authorization: Bearer <credential>`",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'customerAccessToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'The access token for this API (with its delegated scope in `scp`) of a Global administrator of a customer tenant, from the OpenID provider: `Authorization: Bearer <token>`',
  });
}
