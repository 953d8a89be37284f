import { apiRoute } from '@/app/_lib/api/handler.ts';
import { listNodes } from '@/core/db/node-registry.ts';

// GET /api/v1/nodes – every instance on this database: role, revision, last seen, up or down, the controller holder
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({ nodes: await listNodes(db) }));
