// The answer of a `return` step (rewrite phase): 444 closes, no text sends the status's
// own page (which error_page may take over), a text is sent typed by the URI's extension
// or default_type, as the location-level `return` is.
import type { RequestContext } from '../runtime/types.ts';
import { returnContentType } from './mime-types.ts';
import { sendStatus, sendText } from './respond.ts';

export function answerReturn(ctx: RequestContext, outcome: { status: number; text: string | null; contentType: string }): void {
  if (outcome.status === 444) {
    ctx.upstreamStatus = 444;
    ctx.res.destroy();
    return;
  }
  if (outcome.text === null || outcome.text === '') sendStatus(ctx, outcome.status);
  // The text is bytes, one char each ($uri, captures): sent byte for byte.
  else sendText(ctx, outcome.status, Buffer.from(outcome.text, 'latin1'), returnContentType(ctx.path) ?? outcome.contentType);
}
