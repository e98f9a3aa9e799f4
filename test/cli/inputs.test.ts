import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import {
  classifyInputLine,
  joinContinuationLines,
  MAX_INPUT_LINE_BYTES,
  OVERSIZED_KEPT_BYTES,
  readLines,
} from '../../cli/inputs';

const data = gzipSync(JSON.stringify({ messageType: 'DATA_MESSAGE' })).toString('base64');

describe('classifyInputLine', () => {
  it('recognises a subscription event as Lambda receives it', () => {
    expect(classifyInputLine(JSON.stringify({ awslogs: { data } }))).toMatchObject({ kind: 'subscription-event' });
  });

  it('recognises the bare base64 data string by its gzip magic', () => {
    expect(classifyInputLine(data)).toEqual({ kind: 'subscription-data', data });
  });

  it('keeps a truncated event-looking line as a raw line, whole', () => {
    const line = '{"awslogs":{"data":"H4sIAAAA';
    expect(classifyInputLine(line)).toEqual({ kind: 'raw', line });
  });

  it('treats JSON app logs and text as raw lines', () => {
    expect(classifyInputLine('{"level":"INFO","message":"awslogs mentioned"}').kind).toBe('raw');
    expect(classifyInputLine('plain text').kind).toBe('raw');
  });

  it('never throws and always returns one of the four kinds', () => {
    fc.assert(
      fc.property(fc.string(), (line) => {
        expect(['raw', 'subscription-event', 'subscription-data', 'subscription-payload']).toContain(
          classifyInputLine(line).kind,
        );
      }),
    );
  });
});

describe('classifyInputLine: decoded payloads', () => {
  it('recognises the JSON of a decoded subscription payload', () => {
    const payload = { messageType: 'DATA_MESSAGE', owner: 'o', logGroup: 'g', logStream: 's', logEvents: [] };
    expect(classifyInputLine(JSON.stringify(payload))).toEqual({ kind: 'subscription-payload', payload });
  });

  it('leaves an app line that mentions logEvents as a raw line', () => {
    expect(classifyInputLine('{"message":"logEvents and messageType are words"}').kind).toBe('raw');
  });
});

async function collect(stream: Readable, max?: number) {
  const lines = [];
  for await (const line of readLines(stream, max)) lines.push(line);
  return lines;
}

describe('readLines', () => {
  it('splits LF and CRLF lines, keeps a character split across chunks whole, and counts bytes', async () => {
    const bytes = Buffer.from('a\r\nbé\nlast');
    const chunks = [bytes.subarray(0, 5), bytes.subarray(5)]; // é is split between the chunks
    expect(await collect(Readable.from(chunks))).toEqual([
      { line: 'a', bytes: 3 },
      { line: 'bé', bytes: 7 },
      { line: 'last', bytes: 11 },
    ]);
  });

  it('cuts a line over the limit to its first bytes and says how long it was', async () => {
    const lines = await collect(Readable.from([`short\n${'y'.repeat(100)}\nnext\n`]), 50);
    expect(lines.map((l) => [l.line.length, l.oversizedBytes])).toEqual([
      [5, undefined],
      [50, 100],
      [4, undefined],
    ]);
  });

  it('reads a 600 MB line from a generated stream without holding it (no RangeError)', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x7a);
    const total = 600;
    async function* generate() {
      yield Buffer.from('before\n');
      for (let i = 0; i < total; i += 1) yield chunk;
      yield Buffer.from('\nafter\n');
    }
    const lines = await collect(Readable.from(generate()));
    expect(lines.map((l) => [l.line.length, l.oversizedBytes])).toEqual([
      [6, undefined],
      [OVERSIZED_KEPT_BYTES, total * 1024 * 1024],
      [5, undefined],
    ]);
    expect(total * 1024 * 1024).toBeGreaterThan(MAX_INPUT_LINE_BYTES);
  }, 60_000);
});

describe('joinContinuationLines', () => {
  it('joins Node stack frames, a Java cause chain and a Python traceback to the records they continue', () => {
    expect(
      joinContinuationLines([
        '2026-01-15T10:30:00Z ERROR charge failed',
        'TypeError: x',
        '    at f (a.js:1:1)',
        'INFO next',
        'Exception in thread "main" java.lang.IllegalStateException: boom',
        '\tat A.b(A.java:1)',
        'Caused by: java.io.IOException: io',
        '\t... 3 more',
        'ERROR:root:failed',
        'Traceback (most recent call last):',
        '  File "x.py", line 1, in <module>',
        'KeyError: 1',
        'after',
      ]),
    ).toEqual([
      '2026-01-15T10:30:00Z ERROR charge failed\nTypeError: x\n    at f (a.js:1:1)',
      'INFO next',
      'Exception in thread "main" java.lang.IllegalStateException: boom\n\tat A.b(A.java:1)\nCaused by: java.io.IOException: io\n\t... 3 more',
      'ERROR:root:failed\nTraceback (most recent call last):\n  File "x.py", line 1, in <module>\nKeyError: 1',
      'after',
    ]);
  });

  it('joins a pretty-printed JSON object into one record', () => {
    expect(joinContinuationLines(['{', '  "level": "warn",', '  "msg": "x"', '}', 'next'])).toEqual([
      '{\n  "level": "warn",\n  "msg": "x"\n}',
      'next',
    ]);
  });

  it('starts a new record at an error after a record that announced none (console.error), and at a blank line', () => {
    expect(joinContinuationLines(['INFO started', 'TypeError: x', '    at f', '', '    orphan'])).toEqual([
      'INFO started',
      'TypeError: x\n    at f',
      '    orphan',
    ]);
  });
});

describe('joinContinuationLines properties', () => {
  const aLine = fc.oneof(
    fc.constantFrom(
      'ERROR failed',
      'INFO ok',
      '    at f (a.js:1:1)',
      '\tat A.b(A.java:1)',
      'Caused by: x',
      '\t... 2 more',
      'Traceback (most recent call last):',
      '  File "x.py", line 1',
      'ValueError: bad',
      'TypeError: y',
      '}',
      '{',
      '',
    ),
    fc.string({ maxLength: 20 }).filter((line) => !line.includes('\n')),
  );

  it('loses, adds and reorders no line: the records are the non-blank lines, joined in order', () => {
    fc.assert(
      fc.property(fc.array(aLine, { maxLength: 40 }), (lines) => {
        const records = joinContinuationLines(lines);
        expect(records.flatMap((record) => record.split('\n'))).toEqual(lines.filter((line) => line.trim() !== ''));
      }),
    );
  });
});
