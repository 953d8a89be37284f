// HTTP-01: the engine answers /.well-known/acme-challenge/<token> for any host, before
// routing, from the AcmeChallenge table the dashboard writes. Tokens are served from
// memory; the dashboard pings POST /acme/challenges after writing one, and a token
// missing from memory is looked up once in the database before the request goes on to
// normal routing (an upstream may answer its own challenges). A request hook
// (runtime/hooks.ts): the pipeline's entry runs it, and routes what it does not answer.
import type { Db } from '../../core/db/client.ts';
import type { RequestContext } from '../runtime/types.ts';
import type { RequestHooks } from '../runtime/hooks.ts';

export const CHALLENGE_PREFIX = '/.well-known/acme-challenge/';
const TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

interface Challenge {
  keyAuthorization: string;
  expiresAt: number;
}

export class ChallengeResponder {
  private tokens = new Map<string, Challenge>();
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Reloads every unexpired token; returns how many there are. */
  async refresh(): Promise<number> {
    const rows = await this.db.acmeChallenge.findMany({ where: { expiresAt: { gt: new Date() } } });
    this.tokens = new Map(rows.map((r) => [r.token, { keyAuthorization: r.keyAuthorization, expiresAt: r.expiresAt.getTime() }]));
    return rows.length;
  }

  lookup(token: string): string | null {
    const hit = this.tokens.get(token);
    return hit && hit.expiresAt > Date.now() ? hit.keyAuthorization : null;
  }

  /** The responder as a request hook: answers a known token before routing. */
  hooks(): RequestHooks {
    return { onRequest: (ctx) => this.#answer(ctx) };
  }

  #answer(ctx: RequestContext): boolean | Promise<boolean> {
    if (ctx.upgrade || !ctx.requestUri.startsWith(CHALLENGE_PREFIX) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return false;
    const token = ctx.requestUri.slice(CHALLENGE_PREFIX.length);
    if (!TOKEN.test(token)) return false;
    const known = this.lookup(token);
    if (known !== null) {
      answer(ctx, known);
      return true;
    }
    return this.db.acmeChallenge
      .findUnique({ where: { token } })
      .catch(() => null)
      .then((row) => {
        if (!row || row.expiresAt.getTime() <= Date.now()) return false;
        this.tokens.set(token, { keyAuthorization: row.keyAuthorization, expiresAt: row.expiresAt.getTime() });
        answer(ctx, row.keyAuthorization);
        return true;
      });
  }
}

function answer(ctx: RequestContext, keyAuthorization: string): void {
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  ctx.upstreamStatus = 200;
  ctx.res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(Buffer.byteLength(keyAuthorization)), 'cache-control': 'no-store' });
  ctx.res.end(ctx.method === 'HEAD' ? undefined : keyAuthorization);
}
