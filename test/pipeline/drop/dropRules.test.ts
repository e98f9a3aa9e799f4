import { ConfigError } from '../../../shared/core/errors';
import { isBalanced } from '../../../shared/core/ledger';
import type { DeadLetter, DocumentRedactor, LogDocument } from '../../../shared/core/types';
import { compileDropRules, parseDropPatterns } from '../../../shared/pipeline/drop/index.js';
import { processBatch } from '../../../shared/pipeline/pipeline';

function aDocument(overrides: Partial<LogDocument> = {}): LogDocument {
  return {
    '@timestamp': '2026-11-26T09:00:00.000Z',
    level: 'INFO',
    message: 'hello',
    tags: [],
    aws: { log_group: '/aws/lambda/story-service', log_stream: 's', event_id: '1', account_id: '123456789012' },
    ...overrides,
  };
}

describe('compileDropRules', () => {
  it('names the first pattern a document matches, and keeps the others', () => {
    const drop = compileDropRules(['{ $.level = "DEBUG" }', '{ $.lambda.platform_event = "START" }']);
    expect(drop?.(aDocument({ level: 'DEBUG' }))).toBe('{ $.level = "DEBUG" }');
    expect(drop?.(aDocument({ lambda: { platform_event: 'START' } }))).toBe('{ $.lambda.platform_event = "START" }');
    expect(drop?.(aDocument({ level: 'ERROR' }))).toBeUndefined();
  });

  it('is absent when there are no patterns', () => {
    expect(compileDropRules([])).toBeUndefined();
  });

  it('refuses a pattern it cannot read, naming it', () => {
    expect(() => compileDropRules(['{ $.level = '])).toThrow(ConfigError);
    expect(() => compileDropRules(['{ $.level = '])).toThrow(/drop rule "\{ \$\.level = "/);
  });
});

describe('parseDropPatterns', () => {
  it('reads a JSON array of patterns and treats unset as none', () => {
    expect(parseDropPatterns('["{ $.level = \\"DEBUG\\" }"]')).toEqual(['{ $.level = "DEBUG" }']);
    expect(parseDropPatterns(undefined)).toEqual([]);
    expect(parseDropPatterns('  ')).toEqual([]);
  });

  it('says what DROP_FILTER_PATTERNS must look like', () => {
    expect(() => parseDropPatterns('{ $.level = "DEBUG" }')).toThrow(/DROP_FILTER_PATTERNS must be a JSON array/);
    expect(() => parseDropPatterns('[1]')).toThrow(/JSON array of strings/);
  });
});

describe('drop rules in the pipeline', () => {
  it('counts dropped documents as filtered, before redaction, and the ledger still adds up', async () => {
    const seenByRedactor: string[] = [];
    const redactor: DocumentRedactor = {
      redact: (document) => {
        seenByRedactor.push(document.message);
        return { ok: true, document };
      },
    };
    const delivered: LogDocument[] = [];
    const letters: DeadLetter[] = [];
    const ledger = await processBatch(
      {
        source: { logGroup: '/aws/lambda/story-service', logStream: 's', owner: '123456789012' },
        events: ['{"level":"debug","message":"noise"}', '{"level":"info","message":"kept"}'].map((message, i) => ({
          id: `${i}`,
          timestamp: Date.UTC(2026, 10, 26),
          message,
        })),
      },
      {
        redactor,
        drop: compileDropRules(['{ $.level = "DEBUG" }']),
        sink: {
          name: 'memory',
          deliver: async (documents) => {
            delivered.push(...documents);
            return { delivered: documents.length, failed: [] };
          },
        },
        deadLetters: { name: 'memory', write: async (l) => void letters.push(...l) },
      },
    );
    expect(ledger).toMatchObject({ records_in: 2, records_out: 1, filtered: 1, dead_lettered: 0 });
    expect(isBalanced(ledger)).toBe(true);
    expect(delivered.map((d) => d.message)).toEqual(['kept']);
    expect(seenByRedactor).toEqual(['kept']);
    expect(letters).toEqual([]);
  });
});
