// Where the oracle lives: Debian's nginx, the one every nginx comparison runs — the unit
// oracles, the conformance suite and the benchmarks alike. PORTICO_NGINX_BINARY points
// them all at another build (a newer nginx, a different path) at once.
import { existsSync } from 'node:fs';

export const NGINX_BINARY = process.env.PORTICO_NGINX_BINARY || '/usr/sbin/nginx';

/** Tests that need nginx skip themselves where it is not installed. */
export const hasNginx = existsSync(NGINX_BINARY);
