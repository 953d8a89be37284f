import { apiRoute } from '@/app/_lib/api/handler.ts';
import { readRevision } from '@/core/db/load-config.ts';
import { listNodes } from '@/core/db/node-registry.ts';

// GET /api/v1/nodes – every instance on this database (role, revision, last seen, up or down, the controller holder) and the revision they should serve
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => {
  const [nodes, desiredRevision] = await Promise.all([listNodes(db), readRevision(db)]);
  return { nodes, desiredRevision };
});
