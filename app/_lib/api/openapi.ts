// The OpenAPI document, generated from the same zod schemas the routes validate with.
// The route list is checked against the route files by a test, so it cannot drift.
import { AccessListPatch, AccessListWrite } from '@/core/config/access-list-input.ts';
import { z } from 'zod';
import { HostInput } from '@/core/config/host.ts';
import { PoolInput } from '@/core/config/pool.ts';
import { StreamInput, StreamPatch } from '@/core/config/stream.ts';
import { StreamTraceInput } from '@/core/contract/streams.ts';
import { HostPatch, LoginInput, PoolPatch, SetupInput, TokenInput } from './schemas.ts';
import { BackupRestoreInput, JsonImportInput, NginxImportInput } from './import-schemas.ts';
import { BackupSchedule } from '@/core/db/backup-schedule.ts';
import { GlobalSettings } from '@/core/config/settings.ts';
import { CacheZoneInput, LimitZoneInput } from '@/core/config/zones.ts';
import { TraceInput } from '@/core/contract/trace.ts';
import { PurgeRequest } from '@/core/contract/cache.ts';
import { UserInput, UserPatch } from '../queries/user.ts';
import { PasswordChangeInput, TotpCodeInput } from './schemas.ts';
import { AuthSettingsInput } from '../auth/auth-settings.ts';
import { CertificateOrderInput, CertificateRevokeInput, CertificateUploadInput } from '../acme/api-schemas.ts';
import { DnsProviderInput, DnsProviderPatch } from '@/core/dns/provider-input.ts';

export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  scope: 'public' | 'read' | 'write' | 'admin';
  body?: z.ZodType;
  bodyName?: string;
}

export const ROUTES: RouteDoc[] = [
  { method: 'post', path: '/api/v1/session', summary: 'Sign in (sets the session cookie). An account with two factors also needs `code`: without it 401 second_factor_required, with a wrong one 401 second_factor_invalid (throttled like a wrong password); 403 while an administrator has turned password sign-in off', scope: 'public', body: LoginInput, bodyName: 'LoginInput' },
  { method: 'get', path: '/api/v1/session', summary: 'The signed-in user, how the session signed in, and whether it must enrol a second factor first', scope: 'read' },
  { method: 'delete', path: '/api/v1/session', summary: 'Sign out', scope: 'read' },
  { method: 'get', path: '/api/v1/setup', summary: 'Whether first-run setup is needed', scope: 'public' },
  { method: 'post', path: '/api/v1/setup', summary: 'Create the first administrator with the one-time token', scope: 'public', body: SetupInput, bodyName: 'SetupInput' },
  { method: 'get', path: '/api/v1/hosts', summary: 'List hosts', scope: 'read' },
  { method: 'post', path: '/api/v1/hosts', summary: 'Create a host', scope: 'write', body: HostInput, bodyName: 'HostInput' },
  { method: 'get', path: '/api/v1/hosts/{id}', summary: 'Get a host', scope: 'read' },
  { method: 'put', path: '/api/v1/hosts/{id}', summary: 'Replace a host', scope: 'write', body: HostInput, bodyName: 'HostInput' },
  { method: 'patch', path: '/api/v1/hosts/{id}', summary: 'Change top-level fields of a host', scope: 'write', body: HostPatch, bodyName: 'HostPatch' },
  { method: 'delete', path: '/api/v1/hosts/{id}', summary: 'Delete a host', scope: 'write' },
  { method: 'get', path: '/api/v1/pools', summary: 'List upstream pools', scope: 'read' },
  { method: 'post', path: '/api/v1/pools', summary: 'Create a pool', scope: 'write', body: PoolInput, bodyName: 'PoolInput' },
  { method: 'get', path: '/api/v1/pools/{id}', summary: 'Get a pool', scope: 'read' },
  { method: 'put', path: '/api/v1/pools/{id}', summary: 'Replace a pool', scope: 'write', body: PoolInput, bodyName: 'PoolInput' },
  { method: 'patch', path: '/api/v1/pools/{id}', summary: 'Change top-level fields of a pool', scope: 'write', body: PoolPatch, bodyName: 'PoolPatch' },
  { method: 'delete', path: '/api/v1/pools/{id}', summary: 'Delete a pool no location or stream uses', scope: 'write' },
  { method: 'get', path: '/api/v1/streams', summary: 'List TCP and UDP streams', scope: 'read' },
  { method: 'post', path: '/api/v1/streams', summary: 'Create a stream (its port listens within the apply; 409 when the port or name is taken)', scope: 'write', body: StreamInput, bodyName: 'StreamInput' },
  { method: 'post', path: '/api/v1/streams/trace', summary: 'Which stream, SNI route and pool a connection to a port (or the HTTPS entrypoint) with a TLS server name reaches, and whether its address is allowed', scope: 'read', body: StreamTraceInput, bodyName: 'StreamTraceInput' },
  { method: 'get', path: '/api/v1/streams/live', summary: 'Live state per stream: listening or why not, connections open, bytes each way', scope: 'read' },
  { method: 'get', path: '/api/v1/streams/{id}', summary: 'Get a stream', scope: 'read' },
  { method: 'put', path: '/api/v1/streams/{id}', summary: 'Replace a stream (open connections keep the stream they started with)', scope: 'write', body: StreamInput, bodyName: 'StreamInput' },
  { method: 'patch', path: '/api/v1/streams/{id}', summary: 'Change some fields of a stream', scope: 'write', body: StreamPatch, bodyName: 'StreamPatch' },
  { method: 'delete', path: '/api/v1/streams/{id}', summary: 'Delete a stream (its port stops accepting, open connections drain)', scope: 'write' },
  { method: 'get', path: '/api/v1/tokens', summary: 'List your API tokens', scope: 'read' },
  { method: 'post', path: '/api/v1/tokens', summary: 'Create an API token (the secret is shown once)', scope: 'admin', body: TokenInput, bodyName: 'TokenInput' },
  { method: 'delete', path: '/api/v1/tokens/{id}', summary: 'Revoke an API token', scope: 'admin' },
  { method: 'get', path: '/api/v1/engine/status', summary: 'Applied and desired revision, per-object errors', scope: 'read' },
  { method: 'get', path: '/api/v1/nodes', summary: 'Every instance on this database (node registry): name, role, applied revision, last seen, status up or down (not seen for 10 s), which one holds the controller', scope: 'read' },
  { method: 'get', path: '/api/v1/openapi.json', summary: 'This document', scope: 'read' },
  { method: 'get', path: '/api/v1/pools/{id}/health', summary: 'Live state per server of a pool', scope: 'read' },
  { method: 'get', path: '/api/v1/settings', summary: 'Global settings', scope: 'read' },
  { method: 'put', path: '/api/v1/settings', summary: 'Replace the global settings', scope: 'admin', body: GlobalSettings, bodyName: 'GlobalSettings' },
  { method: 'get', path: '/api/v1/cache-zones', summary: 'List cache zones', scope: 'read' },
  { method: 'post', path: '/api/v1/cache-zones', summary: 'Create a cache zone', scope: 'write', body: CacheZoneInput, bodyName: 'CacheZoneInput' },
  { method: 'put', path: '/api/v1/cache-zones/{id}', summary: 'Replace a cache zone', scope: 'write', body: CacheZoneInput, bodyName: 'CacheZoneInput' },
  { method: 'delete', path: '/api/v1/cache-zones/{id}', summary: 'Delete a cache zone no location uses', scope: 'write' },
  { method: 'get', path: '/api/v1/limit-zones', summary: 'List rate and connection limit zones', scope: 'read' },
  { method: 'post', path: '/api/v1/limit-zones', summary: 'Create a limit zone', scope: 'write', body: LimitZoneInput, bodyName: 'LimitZoneInput' },
  { method: 'put', path: '/api/v1/limit-zones/{id}', summary: 'Replace a limit zone', scope: 'write', body: LimitZoneInput, bodyName: 'LimitZoneInput' },
  { method: 'delete', path: '/api/v1/limit-zones/{id}', summary: 'Delete a limit zone no location uses', scope: 'write' },
  { method: 'post', path: '/api/v1/import/nginx', summary: 'Import an nginx configuration (dryRun previews it, saying where requests for unknown names will go: unknownHosts); keepDefaultServer keeps them where they go now; 422 with line and column on a parse error or a crossed import limit (details[0].limit names it), 429 while too many imports run', scope: 'write', body: NginxImportInput, bodyName: 'NginxImportInput' },
  { method: 'post', path: '/api/v1/import/json', summary: 'Restore the whole configuration from a JSON export', scope: 'admin', body: JsonImportInput, bodyName: 'JsonImportInput' },
  { method: 'get', path: '/api/v1/export/nginx', summary: 'The configuration (or one host, ?host=) as nginx text', scope: 'read' },
  { method: 'get', path: '/api/v1/export/json', summary: 'The whole configuration as JSON', scope: 'read' },
  { method: 'get', path: '/api/v1/versions', summary: 'Configuration versions, newest first', scope: 'read' },
  { method: 'get', path: '/api/v1/versions/{revision}', summary: "One version's configuration", scope: 'read' },
  { method: 'get', path: '/api/v1/versions/diff', summary: 'What changed between two versions (?from&to)', scope: 'read' },
  { method: 'post', path: '/api/v1/versions/{revision}/rollback', summary: 'Restore a version as a new revision', scope: 'write' },
  { method: 'get', path: '/api/v1/versions/health-gate', summary: 'Health-gated apply: its settings, the change it watches now (traffic before and after) and the verdict on the last one', scope: 'read' },
  { method: 'post', path: '/api/v1/trace', summary: 'Trace a request through routing, policies and upstream selection', scope: 'read', body: TraceInput, bodyName: 'TraceInput' },
  { method: 'get', path: '/api/v1/stats/stream', summary: 'Live statistics (Server-Sent Events, one a second; Last-Event-ID resumes; with PORTICO_REDIS_URL every node\'s seconds added up, ?node=<name> for one node\'s); each snapshot carries per-host and per-upstream counters, per TCP/UDP stream (when any moved or has connections open) connections opened, closed and refused, bytes each way and mean duration, and, when any, events: servers leaving or rejoining rotation, certificate issuance, renewal and expiry warnings', scope: 'read' },
  { method: 'get', path: '/api/v1/stats', summary: 'Statistics history (?range=1h|24h|7d or ?from&to&step, &host or &upstream, &top=N for the busiest hosts, &node=<name> for one instance\'s minutes — without it every node\'s are summed): per step and for the whole range, requests by status class, requests refused by rate and connection limits (limited, limitedStatus), cache statuses, latency percentiles', scope: 'read' },
  { method: 'get', path: '/api/v1/cache/zones', summary: 'Cache zone summaries: entries, bytes, hit ratio', scope: 'read' },
  { method: 'post', path: '/api/v1/cache/purge', summary: 'Purge cached entries by URL or prefix', scope: 'write', body: PurgeRequest, bodyName: 'PurgeRequest' },
  { method: 'get', path: '/api/v1/backups', summary: 'Database backups, newest first', scope: 'admin' },
  { method: 'post', path: '/api/v1/backups', summary: 'Take an online database backup now', scope: 'admin' },
  { method: 'get', path: '/api/v1/backups/schedule', summary: 'The scheduled backup: on or off, every how many hours, how many to keep', scope: 'admin' },
  { method: 'put', path: '/api/v1/backups/schedule', summary: 'Change the scheduled backup (the controller takes them; manual and pre-migration backups are never deleted)', scope: 'admin', body: BackupSchedule, bodyName: 'BackupSchedule' },
  { method: 'get', path: '/api/v1/backups/{name}', summary: 'Download a database backup (application/vnd.sqlite3)', scope: 'admin' },
  { method: 'post', path: '/api/v1/backups/{name}/restore', summary: "Restore the configuration held in a database backup (its newest version; users, tokens and certificates are not touched); dryRun lists the changes", scope: 'admin', body: BackupRestoreInput, bodyName: 'BackupRestoreInput' },
  { method: 'get', path: '/api/v1/logs', summary: 'Search the access log (or ?source=error the error log), newest first; a page stops at ?limit or after 64 MB read, and its `next` (as ?cursor) continues it', scope: 'read' },
  { method: 'get', path: '/api/v1/logs/stream', summary: 'Live tail of the access log (Server-Sent Events)', scope: 'read' },
  { method: 'get', path: '/api/v1/users', summary: 'List users with their roles and last activity', scope: 'admin' },
  { method: 'post', path: '/api/v1/users', summary: 'Create a user', scope: 'admin', body: UserInput, bodyName: 'UserInput' },
  { method: 'patch', path: '/api/v1/users/{id}', summary: "Change a user's role", scope: 'admin', body: UserPatch, bodyName: 'UserPatch' },
  { method: 'delete', path: '/api/v1/users/{id}', summary: 'Delete a user (not yourself, not the last administrator)', scope: 'admin' },
  { method: 'get', path: '/api/v1/users/me/totp', summary: 'Whether your account has two factors, and how many recovery codes are left', scope: 'read' },
  { method: 'post', path: '/api/v1/users/me/totp', summary: 'Start enrolling an authenticator app: { secret, otpauthUri } (RFC 6238: SHA-1, 30 s, 6 digits); not active until confirmed; 409 while two factors are on', scope: 'read' },
  { method: 'post', path: '/api/v1/users/me/totp/confirm', summary: 'Make the authenticator active with a current code: { recoveryCodes } (ten one-time codes, shown this once)', scope: 'read', body: TotpCodeInput, bodyName: 'TotpCodeInput' },
  { method: 'delete', path: '/api/v1/users/me/totp', summary: 'Turn two factors off, with a current code or a recovery code', scope: 'read', body: TotpCodeInput, bodyName: 'TotpCodeInput' },
  { method: 'delete', path: '/api/v1/users/{id}/totp', summary: 'Turn off another user\'s two factors (a lost authenticator)', scope: 'admin' },
  { method: 'get', path: '/api/v1/auth/options', summary: 'How one can sign in: password sign-in on or off, the OpenID provider\'s display name', scope: 'public' },
  { method: 'get', path: '/api/v1/auth/settings', summary: 'Sign-in settings: two factors required, password sign-in, the OpenID Connect provider (never its client secret) and the redirect URI to register', scope: 'admin' },
  { method: 'put', path: '/api/v1/auth/settings', summary: 'Replace the sign-in settings; password sign-in can be turned off only with a provider configured, by an administrator who has signed in through it', scope: 'admin', body: AuthSettingsInput, bodyName: 'AuthSettingsInput' },
  { method: 'get', path: '/api/v1/auth/oidc/login', summary: 'Start signing in with the OpenID provider (authorization code with PKCE, state and nonce): redirects the browser there; ?next= a dashboard path', scope: 'public' },
  { method: 'get', path: '/api/v1/auth/oidc/callback', summary: 'Where the provider sends the browser back: signs in and continues to the dashboard, or back to the login page with ?error=', scope: 'public' },
  { method: 'post', path: '/api/v1/users/me/password', summary: 'Change your password (ends your sessions; this browser gets a fresh one)', scope: 'read', body: PasswordChangeInput, bodyName: 'PasswordChangeInput' },
  { method: 'get', path: '/api/v1/audit', summary: 'Audit events, newest first (?objectType&objectId&limit&before)', scope: 'admin' },
  // TLS certificates (ACME orders, uploads, renewal, revocation)
  { method: 'get', path: '/api/v1/certificates', summary: 'List certificates with status, expiry and warnings (never keys)', scope: 'read' },
  { method: 'post', path: '/api/v1/certificates', summary: 'Start an ACME order (202); challenge "http-01" (default) or "dns-01" with dnsProviderId (wildcards such as *.example.com need dns-01; renewals use the same provider); with hostId, also turn HTTPS on for that host (redirectHttps: and redirect HTTP) once the certificate is valid; the names of a failed order retry that certificate; poll GET /api/v1/certificates/{id} for progress', scope: 'write', body: CertificateOrderInput, bodyName: 'CertificateOrderInput' },
  { method: 'post', path: '/api/v1/certificates/upload', summary: 'Upload your own certificate and key (validated; the key is never returned)', scope: 'write', body: CertificateUploadInput, bodyName: 'CertificateUploadInput' },
  { method: 'get', path: '/api/v1/certificates/accounts', summary: 'ACME accounts per directory (never their keys)', scope: 'read' },
  { method: 'get', path: '/api/v1/certificates/{id}', summary: 'A certificate: status, live order progress, last error with the CA problem document', scope: 'read' },
  { method: 'delete', path: '/api/v1/certificates/{id}', summary: 'Delete a certificate (hosts pinning it choose one by name)', scope: 'write' },
  { method: 'post', path: '/api/v1/certificates/{id}/renew', summary: 'Renew now, or retry a failed order (202)', scope: 'write' },
  { method: 'get', path: '/api/v1/dns-providers', summary: 'List DNS providers for DNS-01 (settings without credentials: `<credential>Set: true`)', scope: 'read' },
  {
    method: 'post',
    path: '/api/v1/dns-providers',
    summary:
      'Add a DNS provider → { id, name, kind }. Kinds and settings: rfc2136 { server "host:port", keyName, keyAlgorithm hmac-sha256|hmac-sha512|…, keySecret (base64), zone? }; cloudflare { apiToken }; route53 { accessKeyId, secretAccessKey, hostedZoneId? }; digitalocean { apiToken }; hetzner { apiToken }; exec { command (absolute path), args?, timeoutSeconds? } run as `command [args] set|clear <name> <value>`; every kind: propagationTimeoutSeconds (120). Credentials are stored encrypted and never returned',
    scope: 'admin',
    body: DnsProviderInput,
    bodyName: 'DnsProviderInput',
  },
  { method: 'get', path: '/api/v1/dns-providers/{id}', summary: 'A DNS provider (settings without credentials)', scope: 'read' },
  { method: 'patch', path: '/api/v1/dns-providers/{id}', summary: 'Rename a DNS provider or change settings (merged; a credential left out or empty is kept)', scope: 'admin', body: DnsProviderPatch, bodyName: 'DnsProviderPatch' },
  { method: 'delete', path: '/api/v1/dns-providers/{id}', summary: 'Delete a DNS provider (409 while a certificate validates through it: its renewals need it)', scope: 'admin' },
  // Access lists: named allow/deny rules, basic-auth users and satisfy, attached by policies.access.listId
  { method: 'get', path: '/api/v1/access-lists', summary: 'List access lists: rules, user names (never passwords), satisfy, and the hosts and locations using each (usedBy)', scope: 'read' },
  { method: 'post', path: '/api/v1/access-lists', summary: 'Create an access list { name, rules [{ action allow|deny, source address|CIDR|all }], users [{ username, password }], realm, satisfy all|any }; passwords are stored as bcrypt hashes and never returned. Attach it with policies.access.listId on a host or location: its rules come before the inline ones, its users before the inline ones, its satisfy applies', scope: 'write', body: AccessListWrite, bodyName: 'AccessListWrite' },
  { method: 'get', path: '/api/v1/access-lists/{id}', summary: 'An access list (user names only) and where it is used', scope: 'read' },
  { method: 'put', path: '/api/v1/access-lists/{id}', summary: 'Replace an access list; a user sent without a password keeps the stored one. Every host and location using it changes at this apply', scope: 'write', body: AccessListWrite, bodyName: 'AccessListWrite' },
  { method: 'patch', path: '/api/v1/access-lists/{id}', summary: 'Change some fields of an access list (users, when sent, replace the list; a user without a password keeps the stored one)', scope: 'write', body: AccessListPatch, bodyName: 'AccessListPatch' },
  { method: 'delete', path: '/api/v1/access-lists/{id}', summary: 'Delete an access list (409 with error.details.usedBy while a host or location uses it)', scope: 'write' },
  { method: 'post', path: '/api/v1/certificates/{id}/revoke', summary: 'Revoke with the issuing CA and stop serving it', scope: 'write', body: CertificateRevokeInput, bodyName: 'CertificateRevokeInput' },
];

const ErrorBody = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
      required: ['code', 'message'],
    },
  },
};

export function openApiDocument(): Record<string, unknown> {
  const schemas: Record<string, unknown> = { Error: ErrorBody };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    if (route.body && route.bodyName && !schemas[route.bodyName]) {
      schemas[route.bodyName] = z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
    }
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      summary: route.summary,
      ...(route.scope === 'public' ? { security: [] } : { 'x-portico-scope': route.scope }),
      ...(params.length ? { parameters: params } : {}),
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${route.bodyName}` } } } } } : {}),
      responses: {
        '200': { description: 'OK' },
        '401': { description: 'No valid credentials', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        '422': { description: 'Validation failed; details lists field paths', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Portico API', version: '1', description: 'Configure Portico: hosts, locations, pools, certificates, and the engine.' },
    servers: [{ url: '/' }],
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'portico_session' } },
    },
    security: [{ bearer: [] }, { session: [] }],
    paths,
  };
}
