// Forward authentication (nginx's auth_request, Traefik's ForwardAuth): before a request
// reaches its upstream, a request to an auth service decides. 2xx lets it through, with
// chosen headers of the answer copied into the upstream request; 401 and 403 go to the
// client (401 with the service's WWW-Authenticate); anything else is a 500 (nginx), or,
// with `deniedAnswer: "pass"`, the service's own answer (a redirect to its login page)
// goes to the client as Traefik does.
import { z } from 'zod';
import { DurationMs, HeaderName, HeaderValue, Id, UpstreamAddress } from './primitives.ts';

/** A `$name` of auth_request_set: letters, digits, "_". */
const VariableName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and "_", not starting with a digit');

export const ForwardAuthVariable = z
  .object({
    name: VariableName.describe('The variable set, without "$" (auth_request_set $name …).'),
    value: HeaderValue.describe('Value with variables, evaluated against the auth answer: $upstream_http_<name> is the auth service\'s header, $upstream_status its status.'),
  })
  .describe('One auth_request_set: a variable usable in proxy_set_header and add_header afterwards.');

export const FORWARD_AUTH_PRESETS = ['custom', 'authelia', 'authentik', 'oauth2-proxy'] as const;

export const ForwardAuthPolicy = z
  .object({
    enabled: z.boolean().default(true).describe('Off: a location turns off the forward authentication it inherits (auth_request off).'),
    preset: z.enum(FORWARD_AUTH_PRESETS).default('custom').describe('Which auth service the fields were filled for (the dashboard fills them); the engine uses only the fields.'),
    scheme: z.enum(['http', 'https']).default('http'),
    address: UpstreamAddress.optional().describe('The auth service as host:port (nginx: proxy_pass http://127.0.0.1:9091 in the auth location).'),
    poolId: Id.optional().describe('Or an upstream pool of auth services.'),
    path: z
      .string()
      .min(1)
      .max(2048)
      .regex(/^\/[^\s#]*$/, 'an absolute path ("/api/verify"), without spaces or "#"')
      .default('/')
      .describe('The request target sent to the auth service, query included.'),
    requestHeaders: z
      .array(z.object({ name: HeaderName, value: HeaderValue }))
      .max(50)
      .default([])
      .describe('Headers set on the auth request (proxy_set_header in the auth location): X-Original-URI $request_uri, X-Forwarded-Host $host, …; an empty value removes the client\'s. The client\'s other headers are sent as they are; its body never is.'),
    copyHeaders: z
      .array(HeaderName)
      .max(50)
      .default([])
      .describe('Headers of the auth service\'s 2xx answer set on the upstream request (Remote-User, Remote-Email, Remote-Groups, …); the client\'s own of those names are dropped.'),
    variables: z.array(ForwardAuthVariable).max(50).default([]).describe('auth_request_set rules.'),
    deniedAnswer: z
      .enum(['status', 'pass'])
      .default('status')
      .describe('"status" (nginx): 401 and 403 are answered with Portico\'s page (error_page rules apply), any other non-2xx with 500. "pass" (Traefik): the service\'s non-2xx answer goes to the client as it is, Location included.'),
    timeoutMs: DurationMs.default(60000).describe('Connect and read timeout of the auth request; a failure is a 500.'),
  })
  .refine((p) => !p.enabled || (p.address ? 1 : 0) + (p.poolId ? 1 : 0) === 1, { message: 'exactly one of address and poolId is required', path: ['address'] })
  .describe('Forward authentication (auth_request / ForwardAuth).');

export type ForwardAuthPolicy = z.output<typeof ForwardAuthPolicy>;

/**
 * What the dashboard fills in for each preset: the auth path and the headers the service
 * expects and answers with, as their documentation gives them for nginx.
 */
export const FORWARD_AUTH_PRESET_FIELDS: Record<Exclude<(typeof FORWARD_AUTH_PRESETS)[number], 'custom'>, Pick<ForwardAuthPolicy, 'path' | 'requestHeaders' | 'copyHeaders'> & { port: number }> = {
  authelia: {
    port: 9091,
    path: '/api/authz/auth-request',
    requestHeaders: [
      { name: 'X-Original-Method', value: '$request_method' },
      { name: 'X-Original-URL', value: '$scheme://$http_host$request_uri' },
      { name: 'X-Forwarded-For', value: '$remote_addr' },
    ],
    copyHeaders: ['Remote-User', 'Remote-Groups', 'Remote-Email', 'Remote-Name'],
  },
  authentik: {
    port: 9000,
    path: '/outpost.goauthentik.io/auth/nginx',
    requestHeaders: [{ name: 'X-Original-URL', value: '$scheme://$http_host$request_uri' }],
    copyHeaders: ['X-authentik-username', 'X-authentik-groups', 'X-authentik-email', 'X-authentik-name', 'X-authentik-uid'],
  },
  'oauth2-proxy': {
    port: 4180,
    path: '/oauth2/auth',
    requestHeaders: [
      { name: 'X-Original-URI', value: '$request_uri' },
      { name: 'X-Forwarded-Host', value: '$host' },
      { name: 'X-Forwarded-Proto', value: '$scheme' },
    ],
    copyHeaders: ['X-Auth-Request-User', 'X-Auth-Request-Email', 'X-Auth-Request-Groups'],
  },
};
