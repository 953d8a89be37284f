// The deliberate differences of docs/nginx-compatibility.md's "Variables and captures",
// checked against both proxies: nginx does what the "nginx" column says, Portico what the
// "Portico" column says.
import { describe, expect, it } from 'vitest';
import { usePair } from './harness/case-suite.ts';
import { send, type RawRequest } from './harness/raw-http.ts';

const host = 'app.example.com';
const CONFIG = `server { listen 80; server_name ${host};
  location /u/ { proxy_pass http://{{a}}/v/; }
  location /c/ { return 200 "connection=$connection"; } }`;

describe('conformance: the documented differences of variables still hold', () => {
  const pair = usePair(CONFIG, { live: ['a'] });

  async function targetSeen(port: number, req: RawRequest): Promise<string | undefined> {
    const mark = pair().upstreams.log.length;
    await send(port, req);
    return pair().upstreams.log.slice(mark)[0]?.target;
  }

  it('a raw "\\" through a URI part: nginx raw, Portico %5C', async () => {
    const req = { target: '/u/a\\b', host };
    expect.soft(await targetSeen(pair().nginx.port, req)).toBe('/v/a\\b');
    expect.soft(await targetSeen(pair().portico.port, req)).toBe('/v/a%5Cb');
  });

  it('$connection: a serial number on both', async () => {
    for (const port of [pair().nginx.port, pair().portico.port]) {
      const response = await send(port, { target: '/c/', host });
      expect.soft(response.body.toString()).toMatch(/^connection=[1-9]\d*$/);
    }
  });
});
