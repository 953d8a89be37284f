// add_header rules and the host's HSTS as compiled response header rules, for a location
// or for the host itself (answers made before any location matched, such as the 404 for
// a path no location covers, carry the host's headers as nginx's server context does).
import type { HostConfig } from '../../core/config/host.ts';
import type { Policies } from '../../core/config/policies.ts';
import type { RequestContext } from './types.ts';
import { compileTemplate, unknownVariables, type TemplateScope } from '../http/variables.ts';
import { utf8Bytes } from '../../core/config/normalize-uri.ts';
import { securityHeaderRules } from '../middlewares/security-headers/security-headers.ts';
import { hostCaptureNames } from '../http/capture-names.ts';
import type { ResponseHeaderRule } from './types.ts';

export class ResponseRuleError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

export function compileResponseRules(policies: Policies, host: HostConfig, scope: TemplateScope = {}): ResponseHeaderRule[] {
  const rules: ResponseHeaderRule[] = [];
  (policies.responseHeaders?.add ?? []).forEach((rule, i) => {
    const unknown = unknownVariables(rule.value, scope);
    if (unknown.length > 0) throw new ResponseRuleError(`policies.responseHeaders.add.${i}.value`, `unknown variable $${unknown[0]}`);
    // Sent as bytes: typed UTF-8 as its bytes, next to captured bytes (utf8Bytes, core/config/normalize-uri.ts).
    rules.push({ name: rule.name, value: compileTemplate(utf8Bytes(rule.value), scope), always: rule.always });
  });
  const hsts = host.tls.hsts;
  if (hsts.enabled) {
    const value = `max-age=${hsts.maxAgeSeconds}${hsts.includeSubDomains ? '; includeSubDomains' : ''}${hsts.preload ? '; preload' : ''}`;
    // HSTS is meaningful only over HTTPS; an empty value makes the rule skip plain HTTP.
    rules.push({ name: 'Strict-Transport-Security', value: (ctx: RequestContext) => (ctx.scheme === 'https' ? value : ''), always: true });
  }
  return rules;
}

/** The host's own rules: its add_header, HSTS and security-header preset. */
export function compileHostResponseRules(host: HostConfig): ResponseHeaderRule[] {
  try {
    return [...compileResponseRules(host.policies, host, { captureNames: hostCaptureNames(host) }), ...securityHeaderRules(host.policies.securityHeaders)];
  } catch {
    // A bad rule is reported with the locations that inherit it; the host answers without it.
    return [];
  }
}
