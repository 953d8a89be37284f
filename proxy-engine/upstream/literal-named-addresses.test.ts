import { describe, expect, it } from 'vitest';
import { literalNamedAddresses } from './literal-named-addresses.ts';

const proxy = (address: string, scheme = 'http', enabled = true) => ({ enabled, action: { kind: 'proxy', scheme, address } });

describe('literalNamedAddresses', () => {
  it('keeps host names with their port (the scheme default when none), lower case; not IPs, sockets or disabled objects', () => {
    const names = literalNamedAddresses([
      { enabled: true, locations: [proxy('LocalHost:8080'), proxy('api.internal'), proxy('secure.internal', 'https'), proxy('127.0.0.1:9'), proxy('[::1]:9'), proxy('unix:/run/a.sock'), proxy('off.internal:1', 'http', false)] },
      { enabled: false, locations: [proxy('disabled.host:2')] },
    ]);
    expect([...names].sort()).toEqual(['api.internal:80', 'localhost:8080', 'secure.internal:443']);
  });
});
