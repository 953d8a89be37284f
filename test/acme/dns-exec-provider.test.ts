// The exec provider: the administrator's command gets the action and the record as
// arguments (never through a shell) and in the environment; a failure says which command,
// how it ended and the end of what it printed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openProvider } from '../../core/dns/open-provider.ts';
import { DnsProviderError } from '../../core/dns/provider.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-dns-exec-'));
const log = path.join(dir, 'calls.log');
const script = path.join(dir, 'dns.sh');
fs.writeFileSync(script, `#!/bin/sh\nprintf '%s|' "$@" >> "${log}"\necho "env:$PORTICO_DNS_ACTION:$PORTICO_DNS_NAME:$PORTICO_DNS_VALUE" >> "${log}"\n[ "$PORTICO_DNS_NAME" = "_acme-challenge.fail.example.com" ] && { echo "zone locked" >&2; exit 3; }\nexit 0\n`, { mode: 0o755 });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('exec provider', () => {
  it('runs the command with its arguments, the action and the record', async () => {
    const { client } = openProvider('exec', { command: script, args: ['--profile', 'a b'] });
    await client.set({ name: '_acme-challenge.example.com', value: 'v$(touch x);1' });
    await client.clear({ name: '_acme-challenge.example.com', value: 'v$(touch x);1' });
    expect(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual([
      '--profile|a b|set|_acme-challenge.example.com|v$(touch x);1|env:set:_acme-challenge.example.com:v$(touch x);1',
      '--profile|a b|clear|_acme-challenge.example.com|v$(touch x);1|env:clear:_acme-challenge.example.com:v$(touch x);1',
    ]);
    expect(fs.existsSync(path.join(process.cwd(), 'x'))).toBe(false);
  });

  it.each([
    { desc: 'a failing command', command: () => script, name: '_acme-challenge.fail.example.com', message: /^The command .+dns\.sh set _acme-challenge\.fail\.example\.com exited with status 3: zone locked$/ },
    { desc: 'a missing command', command: () => path.join(dir, 'missing.sh'), name: '_acme-challenge.example.com', message: /missing\.sh set _acme-challenge\.example\.com was not found/ },
  ])('says what went wrong with $desc', async ({ command, name, message }) => {
    const error = await openProvider('exec', { command: command() }).client.set({ name, value: 'v' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnsProviderError);
    expect((error as Error).message).toMatch(message);
  });

  it('stops a command that runs too long', async () => {
    const slow = path.join(dir, 'slow.sh');
    fs.writeFileSync(slow, '#!/bin/sh\nsleep 30\n', { mode: 0o755 });
    const error = await openProvider('exec', { command: slow, timeoutSeconds: 1 }).client.set({ name: '_acme-challenge.example.com', value: 'v' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/slow\.sh set _acme-challenge\.example\.com was stopped after 1 s/);
  });
});
