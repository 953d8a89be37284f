// GET /api/v1/stats/stream with PORTICO_REDIS_URL: the merged stream of every node (or of
// the one `?node=` names) as Server-Sent Events, from this dashboard process's one
// subscription (cluster-stream.ts), with the engine stream's framing and Last-Event-ID.
import { parseRedisUrl } from '@/core/redis/url.ts';
import { ClusterStatsStream } from './cluster-stream.ts';

/** A client this far behind (bytes queued in its response) is cut; its EventSource resumes by Last-Event-ID. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const RETRY_MS = 2000;

let shared: ClusterStatsStream | null = null;

/** This process's merged stream, started on first use; null without PORTICO_REDIS_URL. */
export function clusterStatsStream(redisUrl: string | undefined): ClusterStatsStream | null {
  if (shared || !redisUrl) return shared;
  const address = parseRedisUrl(redisUrl);
  if (typeof address === 'string') return null;
  shared = new ClusterStatsStream({ address });
  return shared;
}

export function clusterSseResponse(stream: ClusterStatsStream, view: string, lastEventId: string | null, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let stop: (() => void) | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(`retry: ${RETRY_MS}\n\n`));
        const end = () => {
          stop?.();
          try {
            controller.close();
          } catch {
            // already closed or errored
          }
        };
        stop = stream.follow(view, lastEventId, (entry) => {
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) return end();
          controller.enqueue(encoder.encode(`id: ${entry.seq}\ndata: ${entry.json}\n\n`));
        });
        signal.addEventListener('abort', end, { once: true });
      },
      cancel() {
        stop?.();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 }),
  );
  return new Response(body, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store, no-transform', 'x-accel-buffering': 'no', connection: 'keep-alive' },
  });
}
