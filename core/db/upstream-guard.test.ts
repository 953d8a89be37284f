// The API's early answer to a metadata upstream: a 422 naming each offending field with
// the reason, for every spelling the engine's connect-time check refuses (the hosts and
// pools routes call guardUpstreams with their field paths).
import { describe, expect, it } from 'vitest';
import type { Prisma } from './generated/client.ts';
import { ApiError } from '../contract/api-error.ts';
import { guardUpstreams, linkLocalTargetReason } from './upstream-guard.ts';

function txWithSettings(value: object | null): Prisma.TransactionClient {
  return { setting: { findUnique: async () => (value ? { key: 'global', value } : null) } } as unknown as Prisma.TransactionClient;
}

const REFUSED = [
  '169.254.169.254:80',
  '[::ffff:a9fe:a9fe]:80',
  '[0:0:0:0:0:ffff:169.254.169.254]:80',
  '[::ffff:169.254.169.254]',
  '[64:ff9b::a9fe:a9fe]:80',
  '[2002:a9fe:a9fe::1]:80',
  '[fe80::1]:8080',
  '[FD00:EC2::254]:80',
  '100.100.100.200:80',
  '168.63.129.16:32526',
  'metadata.goog:80',
  'METADATA.GOOGLE.INTERNAL.:80',
  'metadata',
  'instance-data:80',
];
const ALLOWED = ['127.0.0.1:3000', '[::1]:80', '[::ffff:127.0.0.1]:80', '10.0.0.5:8080', '192.168.1.10:80', 'backend.internal:80', 'unix:/run/app.sock'];

describe('guardUpstreams', () => {
  it('refuses every spelling with a 422 naming the field and the reason', async () => {
    const targets = REFUSED.map((address, i) => ({ path: `servers.${i}.address`, address }));
    const error = await guardUpstreams(txWithSettings(null), targets).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('validation_failed');
    const details = (error as ApiError).details as { path: string; message: string }[];
    expect(details.map((d) => d.path)).toEqual(targets.map((t) => t.path));
    expect(details[1]!.message).toBe('::ffff:a9fe:a9fe is the IPv4-mapped form of 169.254.169.254, a link-local address (169.254.0.0/16), where cloud metadata services answer; allow such upstreams in settings (allowLinkLocalUpstreams) if you really mean it');
  });

  it('accepts loopback, private, named and unix upstreams', async () => {
    await expect(guardUpstreams(txWithSettings(null), ALLOWED.map((address, i) => ({ path: `p${i}`, address })))).resolves.toBeUndefined();
    for (const address of ALLOWED) expect(linkLocalTargetReason(address), address).toBeNull();
  });

  it('accepts them all when the settings allow link-local upstreams', async () => {
    await expect(guardUpstreams(txWithSettings({ allowLinkLocalUpstreams: true }), REFUSED.map((address, i) => ({ path: `p${i}`, address })))).resolves.toBeUndefined();
  });
});
