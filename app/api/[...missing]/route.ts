import { ApiError, errorResponse } from '@/app/_lib/api/errors.ts';

// Any /api path no route answers: the API's JSON error, not the dashboard's "not found" page.
const missing = async (): Promise<Response> => errorResponse(new ApiError('not_found', 'no such API endpoint (see /api/v1/openapi.json)'));

export const GET = missing;
export const POST = missing;
export const PUT = missing;
export const PATCH = missing;
export const DELETE = missing;
