// compile-location's rewrite-phase hook (wrapPreAccess): the CORS stage (preflights are
// answered here, before limits and access rules, as nginx's `if … return 204` is), and
// the add_header rules of the CORS and security-header policies, which apply to every
// answer of the location whichever phase produces it.
import type { Policies } from '../../../core/config/policies.ts';
import type { Stage } from '../../runtime/types.ts';
import type { CompiledLocation } from '../../runtime/types.ts';
import { securityHeaderRules } from '../security-headers/security-headers.ts';
import { createCorsStage } from './cors.ts';

export function createPreAccessMiddlewares(policies: Policies, location: CompiledLocation, next: Stage): Stage {
  location.responseHeaders.push(...securityHeaderRules(policies.securityHeaders));
  return createCorsStage(policies.cors, location, next);
}
