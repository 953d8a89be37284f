// A plain HTTP client for tests that need exact control over Host and other headers
// (fetch forbids setting Host).
import http from 'node:http';

export interface SimpleResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  agent?: http.Agent | false;
  timeoutMs?: number;
  /** Source address (another loopback address stands for another client). */
  localAddress?: string;
}

export function request(port: number, path: string, options: RequestOptions = {}): Promise<SimpleResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: options.agent ?? false, localAddress: options.localAddress, setHost: options.headers?.host === undefined && options.headers?.Host === undefined },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 10000, () => req.destroy(new Error(`request to ${path} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
