import { apiRoute } from '@/app/_lib/api/handler.ts';
import { openApiDocument } from '@/app/_lib/api/openapi.ts';

// GET /api/v1/openapi.json – the OpenAPI document, generated from the zod schemas
export const GET = apiRoute({ scope: 'read' }, async () => openApiDocument());
