import { StreamInput } from '@/core/config/stream.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { createStream, listStreams } from '@/app/_lib/queries/stream.ts';

// GET /api/v1/streams – list TCP and UDP streams
export const GET = apiRoute({ scope: 'read' }, async ({ db }) => ({ streams: await listStreams(db) }));

// POST /api/v1/streams – create a stream (its port listens within the apply)
export const POST = apiRoute({ scope: 'write', body: StreamInput, status: 201 }, async ({ db, body, principal, ip }) => {
  const { stream, revision } = await createStream(db, body, { principal, ip });
  return { stream, apply: await applyReport(revision, [stream.id]) };
});
