// A small auth service as Authelia / oauth2-proxy play it behind nginx's auth_request:
// the user is named by the X-User request header (a stand-in for a session cookie).
//   alice → 200 with Remote-User, Remote-Email, Remote-Groups (and a body, to be dropped)
//   carol → 204 with Remote-User
//   bob   → 403                      crash → 500
//   away  → 302 to the login page with the original URL (X-Original-URL) as rd
//   slow  → answers after 1.5 s      anyone else → 401 with WWW-Authenticate: Bearer …
// Every request it receives is recorded: method, target, headers, body length.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AuthSeen {
  method: string;
  target: string;
  headers: [string, string][];
  bodyBytes: number;
}

export interface ForwardAuthService {
  address: string;
  log: AuthSeen[];
  close(): Promise<void>;
}

export const LOGIN_URL = 'https://login.example.com/';

export async function startForwardAuthService(): Promise<ForwardAuthService> {
  const log: AuthSeen[] = [];
  const server = http.createServer((req, res) => {
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    // A request announcing a body the proxy never sends would wait here: answered at once.
    const headers: [string, string][] = [];
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const seen: AuthSeen = { method: req.method ?? '', target: req.url ?? '', headers, bodyBytes: 0 };
    log.push(seen);
    req.on('end', () => (seen.bodyBytes = bodyBytes));
    const user = req.headers['x-user'];
    const loginUrl = () => `${LOGIN_URL}?rd=${encodeURIComponent(String(req.headers['x-original-url'] ?? ''))}`;
    const answer = () => {
      switch (user) {
        case 'alice':
          res.writeHead(200, { 'Remote-User': 'alice', 'Remote-Email': 'alice@example.com', 'Remote-Groups': 'admins,dev', 'Content-Type': 'text/plain' });
          return res.end('authorised');
        case 'carol':
          res.writeHead(204, { 'Remote-User': 'carol' });
          return res.end();
        case 'bob':
          res.writeHead(403, { 'Content-Type': 'text/plain', 'X-Auth-Reason': 'not in group' });
          return res.end('forbidden by the auth service');
        case 'crash':
          res.writeHead(500);
          return res.end();
        case 'away':
          res.writeHead(302, { Location: loginUrl(), 'Content-Type': 'text/html' });
          return res.end('<a href="login">login</a>');
        default:
          // As Authelia's auth-request endpoint: the login URL rides on the 401 (error_page 401 =302 $redirection_url).
          res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="portico-test"', Location: loginUrl(), 'X-Auth-Reason': 'no session', 'Content-Type': 'text/plain' });
          return res.end('who are you');
      }
    };
    if (user === 'slow') setTimeout(() => {
      res.writeHead(200, { 'Remote-User': 'slow' });
      res.end();
    }, 1500);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
