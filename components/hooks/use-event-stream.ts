'use client';
// A live view's stream as React state: `connect` runs once per `key` (the view's
// parameters) and returns the handlers of that connection, with `stop` to drop what it
// buffered when the key changes or the view goes away.
import { useEffect, useState } from 'react';
import { openEventStream, type StreamHandlers, type StreamStatus } from './event-stream.ts';

export type { StreamStatus };

export function useEventStream(connect: () => StreamHandlers & { stop?(): void }, key: string): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  useEffect(() => {
    const handlers = connect();
    const close = openEventStream(handlers, setStatus);
    return () => {
      close();
      handlers.stop?.();
    };
    // `key` names everything `connect` reads: a new key is a new connection.
  }, [key]);
  return status;
}
