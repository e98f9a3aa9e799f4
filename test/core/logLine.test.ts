import { listDeprecationWarnings } from '../../shared/core/config.js';
import { formatLogLine, writeWarnings } from '../../shared/core/logLine.js';

describe("the functions' own log lines", () => {
  it('put the common fields first and keep the rest', () => {
    const line = formatLogLine({ message: 'm', service: 's', level: 'INFO', timestamp: 't', category: 'audit', n: 1 });
    expect(line).toBe('{"timestamp":"t","level":"INFO","category":"audit","service":"s","message":"m","n":1}');
  });

  it('write one WARN line per deprecated setting at start', () => {
    let out = '';
    writeWarnings(listDeprecationWarnings({ OPENSEARCH_ENDPOINT: 'https://x' }), 'teddy-logs-erase', {
      write: (text: string) => (out += text),
    });
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'WARN',
        service: 'teddy-logs-erase',
        message: 'teddy-logs: WARNING: OPENSEARCH_ENDPOINT is deprecated; set OPENSEARCH_URL instead',
      }),
    ]);
  });
});
