// One live event stream (SSE) from the dashboard's API, and the one set of words every
// live view shows for it. EventSource reconnects by itself after a dropped connection
// (resuming with Last-Event-ID): that is "reconnecting". When the stream is refused
// outright (the engine is down, the API answers 503) EventSource gives up: that is
// "unavailable", and the stream is reopened a little later, from a fresh address so a
// caller can resume where the last connection stopped.
export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'unavailable';

export interface StreamHandlers {
  /** The address to open; asked again at every reopen. */
  url(): string;
  /** The data of one unnamed event, parsed as JSON (an event that does not parse is skipped). */
  onMessage(data: unknown): void;
  /** Named events (`event: dropped`), their raw data. */
  events?: Record<string, (data: string) => void>;
}

export interface StreamOptions {
  reopenMs?: number;
  /** The browser's by default; tests pass undici's. */
  EventSource?: typeof EventSource;
}

const REOPEN_MS = 5000;

/** Opens the stream and keeps it open until the returned function is called. */
export function openEventStream(handlers: StreamHandlers, onStatus: (status: StreamStatus) => void, options: StreamOptions = {}): () => void {
  const Source = options.EventSource ?? globalThis.EventSource;
  const reopenMs = options.reopenMs ?? REOPEN_MS;
  let source: EventSource | null = null;
  let reopen: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const open = () => {
    const current = new Source(handlers.url());
    source = current;
    current.onopen = () => onStatus('live');
    current.onmessage = (event: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      handlers.onMessage(data);
    };
    for (const [name, on] of Object.entries(handlers.events ?? {})) current.addEventListener(name, (event) => on((event as MessageEvent<string>).data));
    current.onerror = () => {
      if (stopped || source !== current) return;
      if (current.readyState === Source.CLOSED) {
        onStatus('unavailable');
        current.close();
        reopen = setTimeout(open, reopenMs);
      } else onStatus('reconnecting');
    };
  };

  onStatus('connecting');
  open();
  return () => {
    stopped = true;
    source?.close();
    clearTimeout(reopen);
  };
}
