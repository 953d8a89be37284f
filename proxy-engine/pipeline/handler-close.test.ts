// A request's end is seen once: enterPipeline listens to 'close' with `on` (cheaper than
// `once` on every request), so its own flag must keep the runtime's hold and the end hooks
// to one release and one call, even if an emitter says 'close' twice.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { RuntimeGeneration } from '../runtime/generation.ts';
import type { RequestContext } from '../runtime/types.ts';
import { enterPipeline, type HandlerDeps } from './handler.ts';

describe('enterPipeline', () => {
  it('releases the runtime and reports the end once per request, whatever emits close', () => {
    const generation = new RuntimeGeneration();
    let ends = 0;
    // An answered response: the pipeline stops before routing, only the end matters here.
    const ctx = { runtime: { generation }, res: { headersSent: true, destroyed: false } } as unknown as RequestContext;
    const deps = { hooks: { onRequestEnd: () => ends++ } } as unknown as HandlerDeps;
    const closes = new EventEmitter();
    enterPipeline(ctx, deps, closes);
    expect(generation.held).toBe(1);
    closes.emit('close');
    closes.emit('close');
    expect([generation.held, ends]).toEqual([0, 1]);
    let drained = false;
    generation.retire(60_000, () => (drained = true));
    expect(drained).toBe(true);
  });
});
