import { expect, it } from 'vitest';
import type { RequestContext } from '../runtime/types.ts';
import { compileTemplate, proxyTargetScope } from './variables.ts';

it.each([
  { proxyHost: 'app', scheme: 'http', port: '80' },
  { proxyHost: 'app', scheme: 'https', port: '443' },
  { proxyHost: '127.0.0.1:8080', scheme: 'http', port: '8080' },
  { proxyHost: '[::1]:8080', scheme: 'http', port: '8080' },
  { proxyHost: '[::1]', scheme: 'https', port: '443' },
] as const)('proxy_port of $proxyHost ($scheme) is $port', ({ proxyHost, scheme, port }) => {
  expect(proxyTargetScope({ proxyHost, scheme })).toEqual({ proxyHost, proxyPort: port });
});

it("a literal proxy_pass's $proxy_host wins over a target evaluated in an earlier location", () => {
  const template = compileTemplate('$proxy_host:$proxy_port', { proxyHost: 'b.internal', proxyPort: '8080' });
  const ctx = { location: { action: { kind: 'proxy' } }, proxyTarget: { host: 'a.internal', port: '81' } } as unknown as RequestContext;
  expect(template(ctx)).toBe('b.internal:8080');
});
