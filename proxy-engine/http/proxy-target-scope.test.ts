import { expect, it } from 'vitest';
import { proxyTargetScope } from './variables.ts';

it.each([
  { proxyHost: 'app', scheme: 'http', port: '80' },
  { proxyHost: 'app', scheme: 'https', port: '443' },
  { proxyHost: '127.0.0.1:8080', scheme: 'http', port: '8080' },
  { proxyHost: '[::1]:8080', scheme: 'http', port: '8080' },
  { proxyHost: '[::1]', scheme: 'https', port: '443' },
] as const)('proxy_port of $proxyHost ($scheme) is $port', ({ proxyHost, scheme, port }) => {
  expect(proxyTargetScope({ proxyHost, scheme })).toEqual({ proxyHost, proxyPort: port });
});
