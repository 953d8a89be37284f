// A WebSocket conversation through a proxy with the `ws` client: connect, send each
// message and wait for its echo, close. Returns what happened instead of throwing, so
// the two proxies' conversations can be compared.
import WebSocket from 'ws';

export interface Conversation {
  opened: boolean;
  /** Messages received, as text (binary as "binary:<length>"). */
  received: string[];
  /** Why the connection failed or ended early, with proxy-specific detail removed. */
  error: string | null;
}

export function converse(port: number, path: string, host: string, messages: readonly (string | Buffer)[], timeoutMs = 3000): Promise<Conversation> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { Host: host }, handshakeTimeout: timeoutMs });
    const result: Conversation = { opened: false, received: [], error: null };
    let next = 0;
    const timer = setTimeout(() => finish('timed out'), timeoutMs);
    function finish(error: string | null) {
      clearTimeout(timer);
      if (error !== null && result.error === null) result.error = error;
      ws.removeAllListeners();
      ws.on('error', () => {});
      if (ws.readyState === WebSocket.OPEN) {
        ws.once('close', () => resolve(result));
        ws.close();
      } else {
        ws.terminate();
        resolve(result);
      }
    }
    const sendNext = () => {
      if (next >= messages.length) return finish(null);
      ws.send(messages[next++]!);
    };
    ws.on('open', () => {
      result.opened = true;
      sendNext();
    });
    ws.on('message', (data, isBinary) => {
      result.received.push(isBinary ? `binary:${(data as Buffer).length}` : data.toString());
      sendNext();
    });
    // "Unexpected server response: 200" is the same words from both proxies.
    ws.on('unexpected-response', (_req, res) => finish(`unexpected server response: ${res.statusCode}`));
    ws.on('error', (error) => finish(`error: ${error.message}`));
    ws.on('close', (code) => finish(`closed early: ${code}`));
  });
}
