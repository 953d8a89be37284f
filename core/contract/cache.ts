// The control API's cache requests (POST /cache/purge), as the dashboard relays them.
import { z } from 'zod';
import { ObjectName } from '../config/primitives.ts';

export const PurgeRequest = z
  .object({
    zone: ObjectName.optional().describe('One zone; every zone when omitted.'),
    url: z.string().min(1).max(8192).optional().describe('Remove the entries (every Vary variant) filled for this URL: "https://shop.example/a?b=1" (port and case of scheme and host do not matter).'),
    prefix: z.string().max(8192).optional().describe('Remove every entry whose URL starts with this; "" empties the zone.'),
  })
  .refine((r) => (r.url === undefined) !== (r.prefix === undefined), { message: 'give exactly one of "url" or "prefix"' })
  .describe('A cache purge (control API: POST /cache/purge).');
export type PurgeRequest = z.output<typeof PurgeRequest>;
