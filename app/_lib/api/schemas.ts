// Request bodies that are API-specific (the configuration schemas live in core/config).
import { z } from 'zod';

const patchOf = (keys: string[], what: string) =>
  z
    .object(Object.fromEntries(keys.map((k) => [k, z.unknown().optional()])))
    .strict()
    .describe(`Top-level fields of a ${what} to change; the result is validated as a whole.`);

export const HostPatch = patchOf(['serverNames', 'enabled', 'defaultServer', 'entrypoints', 'tls', 'policies', 'errorPages', 'locations'], 'host');
export const PoolPatch = patchOf(['name', 'algorithm', 'balance', 'keepalive', 'healthCheck', 'tls', 'queue', 'servers'], 'pool');

export const LoginInput = z
  .object({
    email: z.string().trim().toLowerCase().email().max(254),
    password: z.string().min(1).max(256),
    code: z.string().trim().min(1).max(32).optional().describe('For an account with two factors: the 6-digit code of its authenticator, or one of its recovery codes (each works once).'),
  })
  .describe('Credentials.');

export const TotpCodeInput = z
  .object({ code: z.string().trim().min(1).max(32).describe('A current 6-digit code of the authenticator (to turn it off, a recovery code works too).') })
  .describe('A one-time code.');

export const SetupInput = z
  .object({
    token: z.string().min(1).max(256).describe('The one-time setup token printed in the dashboard log.'),
    email: z.string().trim().toLowerCase().email().max(254),
    password: z.string().min(1).max(256),
  })
  .describe('First-run setup: the first administrator.');

export const PasswordChangeInput = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const TokenInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    scope: z.enum(['READ', 'WRITE', 'ADMIN', 'METRICS']).default('READ'),
    expiresAt: z.iso
      .datetime()
      .refine((at) => Date.parse(at) > Date.now(), 'must be in the future')
      .nullable()
      .default(null)
      .describe('Expiry (ISO 8601, in the future), or null for none.'),
  })
  .describe('A new API token.');
