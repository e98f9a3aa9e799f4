import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expireLocalFiles } from '../../../shared/operations/retention/localFiles.js';

const NOW = new Date('2026-03-01T10:00:00Z');
const PREFIX = 'ai-teddy-bear-logs';

function aLetter(at: string): string {
  return JSON.stringify({ kind: 'malformed', stage: 'decode', reason: 'r', content: 'raw', at });
}

function aLogDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'retention-local-'));
  writeFileSync(join(dir, `${PREFIX}-2025.11.30.ndjson`), '{"old":true}\n');
  writeFileSync(join(dir, `${PREFIX}-2025.12.01.ndjson`), '{"edge":true}\n');
  writeFileSync(join(dir, `${PREFIX}-2026.02.28.ndjson`), '{"new":true}\n');
  writeFileSync(join(dir, 'notes.ndjson'), '{"mine":true}\n');
  writeFileSync(
    join(dir, 'dead-letters.ndjson'),
    [aLetter('2025-11-01T00:00:00Z'), aLetter('2026-02-27T00:00:00Z'), 'not json, kept'].join('\n'),
  );
  writeFileSync(join(dir, 'dead-letters.ndjson.replaying'), `${aLetter('2025-10-01T00:00:00Z')}\n`);
  return dir;
}

describe('local files under retention', () => {
  it('deletes daily files and dead letters older than the retention, and keeps the rest', async () => {
    const dir = aLogDir();

    const report = await expireLocalFiles(dir, { indexPrefix: PREFIX, retentionDays: 90, now: NOW, dryRun: false });

    expect(report.daily_files_deleted).toEqual([join(dir, `${PREFIX}-2025.11.30.ndjson`)]);
    expect(report.dead_letters_expired).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([
      `${PREFIX}-2025.12.01.ndjson`,
      `${PREFIX}-2026.02.28.ndjson`,
      'dead-letters.ndjson',
      'dead-letters.ndjson.replaying',
      'notes.ndjson',
    ]);
    expect(readFileSync(join(dir, 'dead-letters.ndjson'), 'utf8')).toBe(
      `${aLetter('2026-02-27T00:00:00Z')}\nnot json, kept\n`,
    );
    expect(readFileSync(join(dir, 'dead-letters.ndjson.replaying'), 'utf8')).toBe('');
  });

  it('only counts in a dry run', async () => {
    const dir = aLogDir();
    const before = readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));

    const report = await expireLocalFiles(dir, { indexPrefix: PREFIX, retentionDays: 90, now: NOW, dryRun: true });

    expect(report.daily_files_deleted).toHaveLength(1);
    expect(report.dead_letters_expired).toBe(2);
    expect(readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'))).toEqual(before);
  });
});
