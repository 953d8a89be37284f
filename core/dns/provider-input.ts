// Request bodies of /api/v1/dns-providers: the settings are checked against their kind's
// schema, with field paths under "settings." so the form can point at the field.
import { z } from 'zod';
import { ObjectName } from '../config/primitives.ts';
import { DNS_PROVIDER_SETTINGS, DnsProviderKind } from './provider-settings.ts';

const SettingsObject = z.record(z.string(), z.unknown()).describe('The kind\'s settings (see the kinds\' schemas); credentials are stored encrypted and never returned.');

export const DnsProviderInput = z
  .object({
    name: ObjectName,
    kind: DnsProviderKind,
    settings: SettingsObject,
  })
  .strict()
  .transform((input, ctx) => {
    const parsed = DNS_PROVIDER_SETTINGS[input.kind].safeParse(input.settings);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: ['settings', ...issue.path.map(String)], message: issue.message });
      return z.NEVER;
    }
    return { name: input.name, kind: input.kind, settings: parsed.data as Record<string, unknown> };
  })
  .describe('A DNS provider for DNS-01 certificates: where the _acme-challenge TXT records are written.');
export type DnsProviderInput = z.output<typeof DnsProviderInput>;

export const DnsProviderPatch = z
  .object({
    name: ObjectName.optional(),
    settings: SettingsObject.optional().describe('Changed settings, merged into the stored ones: leave a credential out to keep it.'),
  })
  .strict()
  .describe('Renames a DNS provider or changes some of its settings (its kind stays).');
export type DnsProviderPatch = z.output<typeof DnsProviderPatch>;
