import { StreamInput, StreamPatch } from '@/core/config/stream.ts';
import { apiRoute } from '@/app/_lib/api/handler.ts';
import { validationError, zodIssues } from '@/app/_lib/api/errors.ts';
import { applyReport } from '@/app/_lib/queries/apply-report.ts';
import { deleteStream, getStreamOrThrow, replaceStream } from '@/app/_lib/queries/stream.ts';
import { serializeStream, streamInputOf } from '@/core/views/stream.ts';

type Params = { id: string };

// GET /api/v1/streams/[id] – one stream
export const GET = apiRoute<undefined, Params>({ scope: 'read' }, async ({ db, params }) => ({ stream: serializeStream(await getStreamOrThrow(db, params.id)) }));

// PUT /api/v1/streams/[id] – replace a stream
export const PUT = apiRoute<typeof StreamInput, Params>({ scope: 'write', body: StreamInput }, async ({ db, params, body, principal, ip }) => {
  const { stream, revision } = await replaceStream(db, params.id, body, { principal, ip });
  return { stream, apply: await applyReport(revision, [stream.id]) };
});

// PATCH /api/v1/streams/[id] – change some fields of a stream (the result is validated as a whole)
export const PATCH = apiRoute<typeof StreamPatch, Params>({ scope: 'write', body: StreamPatch }, async ({ db, params, body, principal, ip }) => {
  const current = streamInputOf(serializeStream(await getStreamOrThrow(db, params.id)));
  const parsed = StreamInput.safeParse({ ...current, ...body });
  if (!parsed.success) throw validationError(zodIssues(parsed.error));
  const { stream, revision } = await replaceStream(db, params.id, parsed.data, { principal, ip });
  return { stream, apply: await applyReport(revision, [stream.id]) };
});

// DELETE /api/v1/streams/[id] – delete a stream (its port stops accepting; open connections drain)
export const DELETE = apiRoute<undefined, Params>({ scope: 'write' }, async ({ db, params, principal, ip }) => {
  const { revision } = await deleteStream(db, params.id, { principal, ip });
  return { deleted: params.id, apply: await applyReport(revision, [params.id]) };
});
