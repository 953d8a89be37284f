// What the policy exporters share: the directive groups they fill and the server's context.
import type { z } from 'zod';
import type { Hsts } from '../config/host.ts';
import type { Policies } from '../config/policies.ts';
import type { NginxNode } from './config-writer.ts';
import type { ForwardAuthPolicy } from '../config/forward-auth.ts';

/** Group name → the directives of that group, in order. */
export type Groups = Map<string, NginxNode[]>;

export interface PolicyEnv {
  /** The server speaks TLS: HSTS applies. */
  https: boolean;
  hsts: z.output<typeof Hsts>;
  /** Variable made by the WebSocket map at the http level. */
  upgradeVariable: string;
  /** Where auth_basic_user_file points for a set of users (the bundle writes the file). */
  htpasswdPath: (users: string) => string;
  /** access_log target when logging is on. */
  accessLogPath: string;
  /** The Access-Control-Allow-Origin value for a cors policy (an origin, "*" or a map variable). */
  corsOrigin: (cors: NonNullable<Policies['cors']>) => string;
  /** The global serverTokens setting, which hosts and locations fall back to. */
  serverTokens: boolean;
  /** The host's tls.forwardedProto: X-Forwarded-Proto $scheme joins every proxy_set_header group. */
  forwardedProto: boolean;
  /** The server's forward-auth locations (auth_request targets); absent: forward auth is not written. */
  authLocations?: { uriFor(policy: ForwardAuthPolicy): string };
}
