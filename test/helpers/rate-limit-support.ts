// Builders shared by the limiter tests: zone and rule configs with nginx's defaults,
// a fake clock and a request view.
import type { LimitZoneConfig } from '../../core/config/zones.ts';
import type { LimitRequestView } from '../../proxy-engine/middlewares/rate-limit/key.ts';
import type { RateDecision, RateLimitRuleConfig } from '../../proxy-engine/middlewares/rate-limit/rate-limit.ts';

export function zoneConfig(overrides: Partial<LimitZoneConfig> & { name: string }): LimitZoneConfig {
  return {
    id: overrides.name,
    kind: 'REQUEST',
    key: { parts: [{ source: 'client_ip' }] },
    rate: { count: 10, per: 'second' },
    maxEntries: 160_000,
    ...overrides,
  };
}

export function ruleConfig(overrides: Partial<RateLimitRuleConfig> & { zone: string }): RateLimitRuleConfig {
  return { burst: 0, nodelay: false, delay: 0, status: 503, dryRun: false, ...overrides };
}

export function fakeClock(start = 1_000_000): { now: () => number; set: (t: number) => void; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, set: (value) => (t = value), advance: (ms) => (t += ms) };
}

export function view(overrides: Partial<Omit<LimitRequestView, 'header' | 'cookie'>> & { headers?: Record<string, string>; cookies?: Record<string, string> } = {}): LimitRequestView {
  const { headers = {}, cookies = {}, ...rest } = overrides;
  return {
    clientIp: '192.0.2.1',
    uri: '/',
    host: 'example.com',
    serverName: 'example.com',
    header: (name) => headers[name],
    cookie: (name) => cookies[name],
    ...rest,
  };
}

/** A compact form of a decision for table expectations: "pass", "delay 100", "reject 429", "pass REJECTED_DRY_RUN". */
export function describeDecision(d: RateDecision): string {
  switch (d.action) {
    case 'pass':
      return d.limitStatus === 'PASSED' || d.limitStatus === null ? 'pass' : `pass ${d.limitStatus}`;
    case 'delay':
      return `delay ${d.ms}`;
    case 'reject':
      return `reject ${d.status}`;
  }
}
