import { describe, expect, it } from 'vitest';
import { DNS_PROVIDER_SETTINGS } from '@/core/dns/provider-settings.ts';
import { formFromSettings, PROVIDER_FIELDS, providerSummary, settingsFromForm } from './dns-provider-fields.ts';

describe('DNS provider form fields', () => {
  it.each(Object.keys(PROVIDER_FIELDS) as (keyof typeof PROVIDER_FIELDS)[])('%s: every field is a setting of the API schema', (kind) => {
    const shape = DNS_PROVIDER_SETTINGS[kind].shape as Record<string, unknown>;
    for (const field of PROVIDER_FIELDS[kind]) expect(Object.keys(shape), field.key).toContain(field.key);
  });

  it.each<{ desc: string; kind: 'rfc2136' | 'cloudflare' | 'exec'; form: Record<string, string>; settings: Record<string, unknown> }>([
    { desc: 'numbers and empty optional fields', kind: 'rfc2136', form: { server: ' ns1.example.com ', keyName: 'k', keySecret: 'c2VjcmV0', zone: '', propagationTimeoutSeconds: '90' }, settings: { server: 'ns1.example.com', keyName: 'k', keySecret: 'c2VjcmV0', propagationTimeoutSeconds: 90 } },
    { desc: 'an empty credential (kept when editing)', kind: 'cloudflare', form: { apiToken: '' }, settings: {} },
    { desc: 'arguments one per line', kind: 'exec', form: { command: '/bin/hook', args: '--zone\n\nexample.com\n' }, settings: { command: '/bin/hook', args: ['--zone', 'example.com'] } },
  ])('turns the form into settings: $desc', ({ kind, form, settings }) => {
    expect(settingsFromForm(kind, form)).toEqual(settings);
  });

  it('shows stored settings back without credentials', () => {
    expect(formFromSettings('rfc2136', { server: 'ns1:53', keyName: 'k', keyAlgorithm: 'hmac-sha256', keySecretSet: true, propagationTimeoutSeconds: 120 })).toEqual({ server: 'ns1:53', keyName: 'k', keyAlgorithm: 'hmac-sha256', propagationTimeoutSeconds: '120' });
    expect(providerSummary('rfc2136', { server: 'ns1:53', keyName: 'k', keyAlgorithm: 'hmac-sha256' })).toBe('ns1:53 · key k (hmac-sha256)');
    expect(providerSummary('exec', { command: '/bin/hook', args: ['a'] })).toBe('/bin/hook a');
  });
});
