// The OpenAPI document documents the options a new user reaches for: one-click HTTPS on a
// certificate order, and keeping unknown hosts where they go on an nginx import.
import { describe, expect, it } from 'vitest';
import { openApiDocument } from './openapi.ts';

type Schema = { properties: Record<string, { type?: string; description?: string }> };

describe('the OpenAPI document', () => {
  const schemas = (openApiDocument() as { components: { schemas: Record<string, Schema> } }).components.schemas;
  const cases: { schema: string; field: string; type: string; says: RegExp }[] = [
    { schema: 'CertificateOrderInput', field: 'hostId', type: 'string', says: /https entrypoint.*If the order fails the host is unchanged/ },
    { schema: 'CertificateOrderInput', field: 'redirectHttps', type: 'boolean', says: /redirect the host's plain HTTP requests to HTTPS/ },
    { schema: 'LoginInput', field: 'code', type: 'string', says: /6-digit code of its authenticator, or one of its recovery codes/ },
    { schema: 'AuthSettingsInput', field: 'localSignIn', type: 'boolean', says: /needs single sign-on configured and that you have signed in through it/ },
    { schema: 'NginxImportInput', field: 'keepDefaultServer', type: 'boolean', says: /no imported server becomes the default server/ },
  ];
  it.each(cases)('$schema.$field', ({ schema, field, type, says }) => {
    const property = schemas[schema]!.properties[field]!;
    expect(property.type).toBe(type);
    expect(property.description).toMatch(says);
  });
});
