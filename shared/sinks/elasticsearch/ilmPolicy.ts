/**
 * The guide's "Log Retention Policies" as an Elasticsearch ILM policy, built from config: hot; warm after 7 days with
 * no replicas; cold from LOG_ARCHIVE_DAYS with no replicas; deleted at LOG_RETENTION_DAYS.
 * `elasticsearch/ilm-policy.json` is the default rendering (test/sinks/elasticsearch/ilmPolicy.test.ts keeps them
 * equal). Two deliberate departures from the guide's JSON: its delete phase has no `delete` action (ILM would move
 * the index into the phase and keep it forever), and its hot `rollover` needs a rollover alias or a data stream, which
 * daily indices have neither of — each daily index already is the guide's one-day rollover (same as the ISM policy).
 */
import { LIFECYCLE } from '../opensearch/ismPolicy.js';

/** ILM's recovery priorities (set_priority): higher recovers first after a node restart; Elastic's defaults. */
const PRIORITY = { HOT: 100, WARM: 50, COLD: 0 } as const;

export interface IlmPolicyOptions {
  indexPrefix: string;
  /** LOG_RETENTION_DAYS: the index is deleted at this age. */
  retentionDays: number;
  /** LOG_ARCHIVE_DAYS: the index goes cold (archived: no replicas, lowest priority) at this age. */
  archiveDays: number;
}

export interface IlmPhase {
  min_age: string;
  actions: Record<string, Record<string, unknown>>;
}

export interface IlmPolicy {
  policy: {
    _meta: { description: string; managed_by: string };
    phases: Record<string, IlmPhase>;
  };
}

/** The name the policy is installed under; the index template's `index.lifecycle.name`. */
export function nameIlmPolicy(indexPrefix: string): string {
  return `${indexPrefix}-lifecycle`;
}

/**
 * Builds the ILM policy. Phases that start at or after the deletion are left out (a 14-day retention has no cold
 * phase), and a warm phase that would start at or after the cold one too, so the ages only ever grow, as ILM
 * requires.
 */
export function buildIlmPolicy(options: IlmPolicyOptions): IlmPolicy {
  const noReplicas = { allocate: { number_of_replicas: 0 } };
  const candidates: Array<[string, number, IlmPhase['actions']]> = [
    ['hot', 0, { set_priority: { priority: PRIORITY.HOT } }],
    ['warm', LIFECYCLE.WARM_AFTER_DAYS, { set_priority: { priority: PRIORITY.WARM }, ...noReplicas }],
    ['cold', options.archiveDays, { set_priority: { priority: PRIORITY.COLD }, ...noReplicas }],
  ];
  const kept = candidates.filter(([name, days]) => {
    if (days >= options.retentionDays && name !== 'hot') return false;
    return !(name === 'warm' && days >= options.archiveDays);
  });
  const phases: Record<string, IlmPhase> = {};
  // 0 as `0ms`: the form Elasticsearch stores a zero min_age in, so a re-run finds the policy unchanged.
  for (const [name, days, actions] of kept) phases[name] = { min_age: days === 0 ? '0ms' : `${days}d`, actions };
  phases.delete = { min_age: `${options.retentionDays}d`, actions: { delete: {} } };
  const stages = kept.map(([name, days]) => `${name} from ${days}d`).join(', ');
  return {
    policy: {
      _meta: {
        description:
          `teddy-logs lifecycle of ${options.indexPrefix}-*: ${stages} (one index a day, so no rollover); ` +
          `deleted at ${options.retentionDays}d (LOG_RETENTION_DAYS; cold at LOG_ARCHIVE_DAYS=${options.archiveDays}).`,
        managed_by: 'teddy-logs setup elasticsearch',
      },
      phases,
    },
  };
}
