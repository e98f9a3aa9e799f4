import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildIsmPolicy, nameIsmPolicy } from '../../../shared/sinks/opensearch/ismPolicy.js';

describe('the ISM lifecycle policy', () => {
  it('is rendered by default into opensearch/ism-policy.json', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '../../../opensearch/ism-policy.json'), 'utf8'));

    expect(file).toEqual(buildIsmPolicy({ indexPrefix: 'ai-teddy-bear-logs', retentionDays: 90 }));
  });

  it('follows the guide: hot, warm after 7 days and cold after 30 without replicas, deleted after the retention', () => {
    const { policy } = buildIsmPolicy({ indexPrefix: 'ai-teddy-bear-logs', retentionDays: 90 });

    expect(policy.states.map((s) => [s.name, s.transitions[0]?.conditions.min_index_age])).toEqual([
      ['hot', '7d'],
      ['warm', '30d'],
      ['cold', '90d'],
      ['delete', undefined],
    ]);
    expect(policy.states[1].actions).toEqual([{ replica_count: { number_of_replicas: 0 } }]);
    expect(policy.states[3].actions).toEqual([{ delete: {} }]);
  });

  it('rolls over at 5gb or one day only when documents are written through a rollover alias', () => {
    const daily = buildIsmPolicy({ indexPrefix: 'logs', retentionDays: 90 });
    const aliased = buildIsmPolicy({ indexPrefix: 'logs', retentionDays: 90, rolloverAlias: 'logs-write' });

    expect(daily.policy.states[0].actions).toEqual([]);
    expect(aliased.policy.states[0].actions).toEqual([{ rollover: { min_size: '5gb', min_index_age: '1d' } }]);
  });

  it('attaches itself to new daily indices and not to other names under the prefix', () => {
    const { policy } = buildIsmPolicy({ indexPrefix: 'ai-teddy-bear-logs', retentionDays: 90 });

    expect(policy.ism_template).toEqual([{ index_patterns: ['ai-teddy-bear-logs-2*'], priority: 100 }]);
    expect(nameIsmPolicy('ai-teddy-bear-logs')).toBe('ai-teddy-bear-logs-lifecycle');
  });

  it('leaves out phases a short retention never reaches, so every transition leads somewhere', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3653 }), (retentionDays) => {
        const { policy } = buildIsmPolicy({ indexPrefix: 'logs', retentionDays });
        const ages = policy.states.flatMap((s) =>
          s.transitions.map((t) => Number.parseInt(t.conditions.min_index_age, 10)),
        );
        const names = policy.states.map((s) => s.name);

        expect(names.at(-1)).toBe('delete');
        expect(ages.at(-1)).toBe(retentionDays);
        expect(ages).toEqual([...ages].sort((a, b) => a - b));
        expect(new Set(ages).size).toBe(ages.length);
        for (const [i, state] of policy.states.entries()) {
          if (state.transitions[0]) expect(state.transitions[0].state_name).toBe(names[i + 1]);
        }
      }),
    );
  });
});
