import type { DeadLetter } from '../../../shared/core/types';
import { expireDeadLetters } from '../../../shared/operations/retention/deadLetters';
import { createOpenSearchClient } from '../../../shared/sinks/opensearch/client';
import { installIndexTemplate } from '../../../shared/sinks/opensearch/installTemplates';
import { requireOpenSearch, uniqueName } from '../../support/services';

const NOW = new Date('2026-03-01T10:00:00Z');

function aDeadLetter(at: string, reason: string): DeadLetter {
  return { kind: 'undeliverable', stage: 'deliver', reason, content: '{"message":"x"}', at };
}

describe('dead-letter retention on the real node', () => {
  const prefix = uniqueName('dlret');
  const index = `${prefix}-deadletter`;
  let client: ReturnType<typeof createOpenSearchClient>;

  beforeAll(async () => {
    client = createOpenSearchClient({ url: await requireOpenSearch(), maxRetries: 0 });
    await installIndexTemplate(client, prefix);
    const letters = [
      aDeadLetter('2025-11-30T23:59:59.000Z', 'older than 90 days'),
      aDeadLetter('2025-06-01T00:00:00.000Z', 'much older'),
      aDeadLetter('2025-12-01T10:00:01.000Z', 'just inside the window'),
      aDeadLetter('2026-02-28T00:00:00.000Z', 'recent'),
    ];
    await client.bulk({ refresh: true, body: letters.flatMap((letter) => [{ index: { _index: index } }, letter]) });
  });

  afterAll(async () => {
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  const remainingReasons = async () => {
    const response = await client.search({ index, body: { size: 100, query: { match_all: {} } } });
    return (response.body.hits.hits as Array<{ _source: DeadLetter }>).map((hit) => hit._source.reason).sort();
  };

  it('counts in a dry run the letters older than LOG_RETENTION_DAYS, and deletes nothing', async () => {
    const report = await expireDeadLetters(client, { indexPrefix: prefix, retentionDays: 90, now: NOW, dryRun: true });
    expect(report).toMatchObject({ index, cutoff: '2025-12-01T10:00:00.000Z', expired: 2 });
    expect(await remainingReasons()).toHaveLength(4);
  });

  it('deletes exactly the letters written before the cutoff', async () => {
    const report = await expireDeadLetters(client, { indexPrefix: prefix, retentionDays: 90, now: NOW, dryRun: false });
    expect(report.expired).toBe(2);
    expect(['delete_by_query', 'scroll_and_bulk']).toContain(report.method);
    expect(await remainingReasons()).toEqual(['just inside the window', 'recent']);
  });

  it('reports a prefix without a dead-letter index as skipped', async () => {
    const report = await expireDeadLetters(client, {
      indexPrefix: uniqueName('nodl'),
      retentionDays: 90,
      now: NOW,
      dryRun: false,
    });
    expect(report).toMatchObject({ expired: 0, skipped: 'no dead-letter index' });
  });
});
