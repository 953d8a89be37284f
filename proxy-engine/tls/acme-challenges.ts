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

/** [token, key authorization, expires at (epoch ms)]: what crosses to an engine worker as is. */
export type ChallengeToken = [token: string, keyAuthorization: string, expiresAt: number];

/**
 * Where tokens come from: the database in the engine's main thread; in a data-plane
 * worker, the main thread (which pushes every refresh and answers a token it lacks).
 */
export interface ChallengeSource {
  unexpired(): Promise<ChallengeToken[]>;
  find(token: string): Promise<ChallengeToken | null>;
}

export function dbChallengeSource(db: Db): ChallengeSource {
  return {
    unexpired: async () => (await db.acmeChallenge.findMany({ where: { expiresAt: { gt: new Date() } } })).map((r) => [r.token, r.keyAuthorization, r.expiresAt.getTime()]),
    find: async (token) => {
      const row = await db.acmeChallenge.findUnique({ where: { token } });
      return row ? [row.token, row.keyAuthorization, row.expiresAt.getTime()] : null;
    },
  };
}

export class ChallengeResponder {
  private tokens = new Map<string, Challenge>();
  private readonly source: ChallengeSource;

  constructor(source: Db | ChallengeSource) {
    this.source = 'acmeChallenge' in source ? dbChallengeSource(source) : source;
  }

  /** Reloads every unexpired token; returns how many there are. */
  async refresh(): Promise<number> {
    this.load(await this.source.unexpired());
    return this.tokens.size;
  }

  /** Replaces the known tokens (a worker, told by the main thread). */
  load(tokens: readonly ChallengeToken[]): void {
    this.tokens = new Map(tokens.map(([token, keyAuthorization, expiresAt]) => [token, { keyAuthorization, expiresAt }]));
  }

  /** Every known token (what the main thread hands to its workers). */
  known(): ChallengeToken[] {
    return [...this.tokens].map(([token, c]) => [token, c.keyAuthorization, c.expiresAt]);
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
    return this.source
      .find(token)
      .catch(() => null)
      .then((row) => {
        if (!row || row[2] <= Date.now()) return false;
        this.tokens.set(token, { keyAuthorization: row[1], expiresAt: row[2] });
        answer(ctx, row[1]);
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
