import { apiRoute } from '@/app/_lib/api/handler.ts';
import { ApiError } from '@/app/_lib/api/errors.ts';

// Any /api path no route answers: the API's JSON error rather than the dashboard's "not
// found" page. Default deny holds here too: without credentials it is a 401, like every
// route, so a guess at a path tells nothing.
const missing = apiRoute({ scope: 'read' }, async () => {
  throw new ApiError('not_found', 'no such API endpoint (see /api/v1/openapi.json)');
});

export const GET = missing;
export const POST = missing;
export const PUT = missing;
export const PATCH = missing;
export const DELETE = missing;
