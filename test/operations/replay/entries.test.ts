import fc from 'fast-check';
import type { DeadLetter } from '../../../shared/core/types.js';
import { classifyReplayEntry } from '../../../shared/operations/replay/index.js';
import { aLogDocument, aSubscriptionEvent } from '../../builders.js';

function aDeadLetter(overrides: Partial<DeadLetter> = {}): DeadLetter {
  return {
    kind: 'undeliverable',
    stage: 'deliver',
    reason: 'opensearch: rejected',
    content: JSON.stringify(aLogDocument()),
    at: '2026-01-15T10:31:00.000Z',
    ...overrides,
  };
}

describe('classifyReplayEntry', () => {
  it('reads a dead letter as the queue and the file sink write it', () => {
    const letter = aDeadLetter({ source: { logGroup: '/aws/x', event_id: '1' } });

    expect(classifyReplayEntry(JSON.stringify(letter))).toEqual({ type: 'letter', letter });
  });

  it("unwraps the stderr form {dead_letter: ...} of the CLI's stdout sink", () => {
    const letter = aDeadLetter({ kind: 'malformed', stage: 'decode', content: 'not base64' });

    expect(classifyReplayEntry(JSON.stringify({ dead_letter: letter }))).toEqual({ type: 'letter', letter });
  });

  it('reads an S3 pointer message as the bucket and key it names, with its kind', () => {
    const { content: _content, ...rest } = aDeadLetter();
    const body = {
      ...rest,
      content_s3: { bucket: 'dead-letters', key: 'dead-letters/2026/01/15/a.json', bytes: 300_000 },
    };

    expect(classifyReplayEntry(JSON.stringify(body))).toEqual({
      type: 'pointer',
      kind: 'undeliverable',
      bucket: 'dead-letters',
      key: 'dead-letters/2026/01/15/a.json',
    });
  });

  it('reads a Lambda on-failure destination record as the event Lambda gave up on', () => {
    const event = aSubscriptionEvent();
    const record = {
      version: '1.0',
      requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
      requestPayload: event,
      responsePayload: { errorMessage: 'timeout' },
    };

    expect(classifyReplayEntry(JSON.stringify(record))).toEqual({ type: 'lambda-failure', event });
  });

  it.each([
    ['text that is not JSON', 'hello'],
    ['a JSON array', '[1,2]'],
    ['an object without a known kind', '{"kind":"lost","content":"x"}'],
    ['a letter with neither content nor pointer', '{"kind":"malformed","stage":"decode"}'],
  ])('leaves %s unrecognised', (_what, text) => {
    expect(classifyReplayEntry(text).type).toBe('unrecognised');
  });

  it('never throws and never quotes the entry in its reason, whatever the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        const entry = classifyReplayEntry(text);
        if (entry.type === 'unrecognised' && text.length > 12) expect(entry.reason).not.toContain(text);
        return true;
      }),
    );
  });
});
