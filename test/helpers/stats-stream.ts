// Reads the dashboard's live statistics stream (GET /api/v1/stats/stream) as a test
// client would: SSE blocks parsed into { id, data } until `until` says stop or the
// time runs out. lastEventId "0" replays the engine's whole ring.
import { expect } from 'vitest';

export interface SseEvent<T> {
  id: number;
  data: T;
}

export async function readStatsStream<T>(dashboard: string, cookie: string, until: (events: SseEvent<T>[]) => boolean, timeoutMs: number, lastEventId?: string): Promise<SseEvent<T>[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: SseEvent<T>[] = [];
  try {
    const res = await fetch(`${dashboard}/api/v1/stats/stream`, { headers: { cookie, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const decoder = new TextDecoder();
    let buffer = '';
    const reader = res.body!.getReader();
    for (;;) {
      const { value: chunk, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: (\d+)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (id && data) events.push({ id: Number(id), data: JSON.parse(data) as T });
      }
      if (until(events)) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}
