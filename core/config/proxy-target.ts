// A proxy_pass target with variables (nginx: `proxy_pass http://$backend$request_uri;`),
// what follows "scheme://". Checked when written so a typo is refused up front: it must
// use a variable (else it is a pool or an address), and hold nothing a request line or a
// host could not carry.
import { z } from 'zod';

const VARIABLE = /\$(\{[A-Za-z0-9_]+\}|[A-Za-z0-9_]+)/;

export const ProxyTarget = z
  .string()
  .min(2)
  .max(2048)
  .refine((v) => VARIABLE.test(v), 'must use a variable ($name); without one, name a pool or an address')
  .refine((v) => !/[\s\0#]/.test(v), 'must not contain whitespace, NUL or "#"')
  .refine((v) => !/^[/?:]/.test(v), 'must start with a host (a pool name, an address or a variable)');
