// One GET on a fresh connection (no pooled keep-alive socket that the server may have just
// closed): the harness's probes must not fail for reasons that are not the proxy's.
import http from 'node:http';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function httpGet(port: number, path: string, host: string): Promise<Answer> {
  return httpRequest(port, 'GET', path, { host });
}

export function httpRequest(port: number, method: string, path: string, headers: Record<string, string>, timeoutMs = 120_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} on :${port} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
