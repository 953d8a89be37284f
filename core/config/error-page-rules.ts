// nginx's error_page: which statuses a level answers with another URI, a named location
// or a redirect, and with which status (`=code`, `=` for the target's own).
import { z } from 'zod';

const TARGET = /^(\/|@[A-Za-z0-9_.-]+$|https?:\/\/|\$)/;

export const ErrorPageRule = z
  .object({
    codes: z
      .array(z.number().int().min(300, 'must be from 300 to 599 (as nginx)').max(599, 'must be from 300 to 599 (as nginx)'))
      .min(1)
      .max(50)
      .describe('The statuses this rule takes over.'),
    response: z
      .union([z.number().int().min(100).max(599), z.literal('target')])
      .optional()
      .describe('"=code": answer with this status; "target" ("=" alone): the status the target answers; unset: the original status.'),
    target: z
      .string()
      .min(1)
      .max(2048)
      .refine((v) => !/[\s\0]/.test(v), 'must not contain whitespace or NUL')
      .refine((v) => TARGET.test(v), 'must be a URI ("/50x.html"), a named location ("@fallback") or a URL (redirect)')
      .describe('A URI (internal redirect, as GET), "@name" (a named location), or a URL (redirect, 302 unless the response is 301/302/303/307/308).'),
  })
  .describe('One error_page directive.');
export type ErrorPageRule = z.output<typeof ErrorPageRule>;

export const ErrorPageRules = z.array(ErrorPageRule).max(100).describe('error_page rules, first matching status wins (inherited as a whole when a location has none).');
