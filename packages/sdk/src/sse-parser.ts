/**
 * A parser of `text/event-stream` bodies (the WHATWG server-sent events format), for reading
 * a stream through `fetch`: unlike `EventSource`, fetch can send the Authorization header.
 */

export interface SseMessage {
  /** The `event` field; `message` when absent. */
  event: string;
  data: string;
  /** The last `id` seen on the stream so far (what a reconnect sends as `Last-Event-ID`). */
  lastEventId: string;
}

export interface SseParser {
  /** Feeds decoded text; calls `onMessage` for every complete message. */
  push(chunk: string): void;
  /** The server's reconnection delay hint (`retry:`), if it sent one. */
  readonly retryMs: number | undefined;
  readonly lastEventId: string;
}

export function createSseParser(onMessage: (message: SseMessage) => void): SseParser {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let lastEventId = '';
  let retryMs: number | undefined;

  function dispatch(): void {
    if (data.length > 0) {
      onMessage({ event: event === '' ? 'message' : event, data: data.join('\n'), lastEventId });
    }
    data = [];
    event = '';
  }

  function line(text: string): void {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
    else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) lastEventId = value;
    else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
  }

  return {
    push(chunk) {
      buffer += chunk;
      // Lines end with CRLF, LF or CR; a CR at the very end may be the first half of CRLF.
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        if (c === '\r' && i === buffer.length - 1) break;
        line(buffer.slice(start, i));
        if (c === '\r' && buffer[i + 1] === '\n') i++;
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
    get retryMs() {
      return retryMs;
    },
    get lastEventId() {
      return lastEventId;
    },
  };
}
