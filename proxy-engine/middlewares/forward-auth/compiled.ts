// A forward-auth policy resolved once per revision: the auth service's upstream group,
// the header rules of the auth request, and the templates of auth_request_set.
import type { ForwardAuthPolicy } from '../../../core/config/forward-auth.ts';
import type { Policies } from '../../../core/config/policies.ts';
import { utf8Bytes } from '../../../core/config/normalize-uri.ts';
import { compileTemplate, type TemplateScope } from '../../http/variables.ts';
import type { HeaderRule, Template } from '../../runtime/types.ts';
import type { UpstreamGroup } from '../../upstream/group.ts';

/** The auth service's group and its $proxy_host (the default Host of the auth request). */
export interface ForwardAuthTarget {
  group: UpstreamGroup;
  proxyHost: string;
}

/** Resolves the policy's address or pool at compile time (runtime/compile.ts owns the groups). */
export type ForwardAuthTargets = (policy: ForwardAuthPolicy) => ForwardAuthTarget;

export interface CompiledForwardAuth {
  target: ForwardAuthTarget;
  path: string;
  /** The auth request's proxy_set_header rules. */
  requestRules: HeaderRule[];
  /** Lower-case names copied from a 2xx answer to the upstream request, with their spelling. */
  copyHeaders: { name: string; display: string }[];
  variables: { name: string; value: Template }[];
  deniedAnswer: 'status' | 'pass';
  timeoutMs: number;
}

/** The policy in effect, or null when there is none or a location turned it off. */
export function activeForwardAuth(policies: Policies): ForwardAuthPolicy | null {
  const policy = policies.forwardAuth;
  return policy && policy.enabled !== false ? policy : null;
}

export function compileForwardAuth(policy: ForwardAuthPolicy, targets: ForwardAuthTargets, scope: TemplateScope): CompiledForwardAuth {
  return {
    target: targets(policy),
    path: policy.path ?? '/',
    requestRules: (policy.requestHeaders ?? []).map((rule) => ({
      name: rule.name.toLowerCase(),
      display: rule.name,
      value: compileTemplate(utf8Bytes(rule.value), scope),
      remove: rule.value === '',
    })),
    copyHeaders: (policy.copyHeaders ?? []).map((name) => ({ name: name.toLowerCase(), display: name })),
    variables: (policy.variables ?? []).map((v) => ({ name: v.name, value: compileTemplate(utf8Bytes(v.value), scope) })),
    deniedAnswer: policy.deniedAnswer ?? 'status',
    timeoutMs: policy.timeoutMs ?? 60000,
  };
}
