import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSseParser, type SseMessage } from './sse-parser.ts';

function parse(chunks: string[]) {
  const messages: SseMessage[] = [];
  const parser = createSseParser((m) => messages.push(m));
  for (const chunk of chunks) parser.push(chunk);
  return { messages, parser };
}

describe('SSE parser', () => {
  it('dispatches messages with their ids, skipping comments, across chunk boundaries', () => {
    const { messages, parser } = parse([
      'retry: 3000\n: hello\n\nid: 7\nda',
      'ta: {"a":1}\n\n: heartbeat\n\nid: 8\r\ndata: x\r',
      '\ndata: y\r\n\r\n',
    ]);
    assert.deepEqual(messages, [
      { event: 'message', data: '{"a":1}', lastEventId: '7' },
      { event: 'message', data: 'x\ny', lastEventId: '8' },
    ]);
    assert.equal(parser.retryMs, 3000);
    assert.equal(parser.lastEventId, '8');
  });

  it('keeps an unfinished message until its blank line arrives', () => {
    const { messages } = parse(['event: ping\ndata: 1\n']);
    assert.deepEqual(messages, []);
    const done = parse(['event: ping\ndata: 1\n', '\n']);
    assert.deepEqual(done.messages, [{ event: 'ping', data: '1', lastEventId: '' }]);
  });
});
