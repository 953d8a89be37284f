// A real OpenID provider for tests (the `oidc-provider` package, a certified
// implementation), on an ephemeral loopback port, with one confidential client and a few
// accounts. Its development login form accepts any password for a known login name; the
// claims are the account's. Also a small HTTP driver that signs in through it the way a
// browser does (cookies, redirects, the login and consent forms) for API-level tests.
import http from 'node:http';
import Provider from 'oidc-provider';
import { freePort } from './ports.ts';

export interface OidcAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

export async function startOidcProvider(redirectUri: string, accounts: Record<string, OidcAccount>): Promise<TestProvider> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'portico';
  const clientSecret = 'a-client-secret-for-tests';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...account }) };
    },
    cookies: { keys: ['a-cookie-key-for-tests'] },
    features: { devInteractions: { enabled: true } },
  });
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies per origin, as a browser keeps them (names and values only: enough here). */
class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();
  header(url: URL): string {
    return [...(this.jars.get(url.origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(url: URL, res: Response): void {
    const jar = this.jars.get(url.origin) ?? new Map<string, string>();
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired || value.join('=') === '') jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join('='));
    }
    this.jars.set(url.origin, jar);
  }
  get(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }
}

export interface BrowserLikeResult {
  /** The last answer: the dashboard's callback page, or the redirect to its login page. */
  status: number;
  location: string | null;
  body: string;
  /** The dashboard's cookies after the flow ("portico_session=…"). */
  dashboardCookie: string;
  jar: CookieJar;
}

/**
 * Signs in through the provider as `login`, starting at the dashboard's
 * /api/v1/auth/oidc/login and stopping at the dashboard's answer to the callback.
 * `tamper` may change the callback URL before it is followed.
 */
export async function signInThroughProvider(dashboard: string, login: string, tamper?: (callback: URL) => URL, jar = new CookieJar()): Promise<BrowserLikeResult> {
  let url = new URL('/api/v1/auth/oidc/login', dashboard);
  let method = 'GET';
  let form: URLSearchParams | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const onDashboard = url.origin === new URL(dashboard).origin;
    if (onDashboard && url.pathname === '/api/v1/auth/oidc/callback' && tamper) {
      url = tamper(url);
      tamper = undefined;
    }
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { cookie: jar.header(url), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form,
    });
    jar.store(url, res);
    const location = res.headers.get('location');
    const body = await res.text();
    if (onDashboard && url.pathname === '/api/v1/auth/oidc/callback') {
      return { status: res.status, location, body, dashboardCookie: jar.header(new URL(dashboard)), jar };
    }
    if (onDashboard && url.pathname !== '/api/v1/auth/oidc/login') {
      return { status: res.status, location, body, dashboardCookie: jar.header(new URL(dashboard)), jar };
    }
    method = 'GET';
    form = undefined;
    if (location) {
      url = new URL(location, url);
      continue;
    }
    // A form of the provider: the login form, then the consent form.
    const action = body.match(/<form[^>]*action="([^"]+)"/)?.[1];
    if (!action) throw new Error(`the provider answered ${res.status} without a form or a redirect: ${body.slice(0, 500)}`);
    const prompt = body.match(/name="prompt" value="(\w+)"/)?.[1];
    form = prompt === 'login' ? new URLSearchParams({ prompt, login, password: 'any-password' }) : new URLSearchParams({ prompt: prompt ?? 'consent' });
    method = 'POST';
    url = new URL(action.replace(/&amp;/g, '&'), url);
  }
  throw new Error('too many redirects signing in through the provider');
}
