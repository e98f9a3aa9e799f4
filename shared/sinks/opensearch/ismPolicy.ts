/**
 * The guide's index lifecycle ("Log Retention Policies": hot with rollover at 5GB / 1d, warm after 7 days with no
 * replicas, cold after 30, delete after 90) as an OpenSearch Index State Management policy, built from config.
 * `opensearch/ism-policy.json` is the default rendering (test/sinks/opensearch/ismPolicy.test.ts keeps them equal).
 */

/** The guide's phase ages and rollover thresholds. */
export const LIFECYCLE = {
  WARM_AFTER_DAYS: 7,
  COLD_AFTER_DAYS: 30,
  ROLLOVER_MAX_SIZE: '5gb',
  ROLLOVER_MAX_AGE: '1d',
} as const;

/** ISM templates with a higher priority win when several match a new index; ours should, for our pattern. */
const ISM_TEMPLATE_PRIORITY = 100;

export interface IsmPolicyOptions {
  indexPrefix: string;
  /** LOG_RETENTION_DAYS. */
  retentionDays: number;
  /**
   * Set only when documents are written through a rollover alias. ISM's rollover action fails on an index without
   * one, and a failed action stops the index's lifecycle before the delete state: with the pipeline's daily indices
   * (Firehose OneDay rotation, `<prefix>-YYYY.MM.DD`) each index already is the guide's one-day rollover.
   */
  rolloverAlias?: string;
}

export interface IsmPolicy {
  policy: {
    description: string;
    default_state: string;
    states: IsmState[];
    ism_template: Array<{ index_patterns: string[]; priority: number }>;
  };
}

interface IsmState {
  name: string;
  actions: Array<Record<string, unknown>>;
  transitions: Array<{ state_name: string; conditions: { min_index_age: string } }>;
}

/** The id the policy is installed under. */
export function nameIsmPolicy(indexPrefix: string): string {
  return `${indexPrefix}-lifecycle`;
}

/**
 * Builds the lifecycle policy. Phases the retention makes unreachable are left out (a 14-day retention has no cold
 * phase), so every transition leads somewhere. The ISM template matches `<prefix>-2*`: the daily indices of this
 * millennium and not `<prefix>-deadletter` or other non-daily names under the prefix.
 */
export function buildIsmPolicy(options: IsmPolicyOptions): IsmPolicy {
  const phases: Array<{ name: string; afterDays: number; actions: IsmState['actions'] }> = [
    {
      name: 'hot',
      afterDays: 0,
      actions: options.rolloverAlias
        ? [{ rollover: { min_size: LIFECYCLE.ROLLOVER_MAX_SIZE, min_index_age: LIFECYCLE.ROLLOVER_MAX_AGE } }]
        : [],
    },
    { name: 'warm', afterDays: LIFECYCLE.WARM_AFTER_DAYS, actions: [{ replica_count: { number_of_replicas: 0 } }] },
    // Not read_only: an erasure request must still be able to delete documents from cold indices.
    { name: 'cold', afterDays: LIFECYCLE.COLD_AFTER_DAYS, actions: [{ replica_count: { number_of_replicas: 0 } }] },
  ].filter((phase) => phase.afterDays < options.retentionDays);
  const reachable = [...phases, { name: 'delete', afterDays: options.retentionDays, actions: [{ delete: {} }] }];
  const states: IsmState[] = reachable.map((phase, i) => {
    const next = reachable[i + 1];
    return {
      name: phase.name,
      actions: phase.actions,
      transitions: next ? [{ state_name: next.name, conditions: { min_index_age: `${next.afterDays}d` } }] : [],
    };
  });
  const rollover = options.rolloverAlias
    ? `rollover at ${LIFECYCLE.ROLLOVER_MAX_SIZE} / ${LIFECYCLE.ROLLOVER_MAX_AGE} through ${options.rolloverAlias}`
    : 'one index a day (the daily index is the 1-day rollover)';
  return {
    policy: {
      description:
        `teddy-logs lifecycle of ${options.indexPrefix}-*: hot, ${rollover}; warm after ${LIFECYCLE.WARM_AFTER_DAYS}d ` +
        `and cold after ${LIFECYCLE.COLD_AFTER_DAYS}d with 0 replicas; deleted after ${options.retentionDays}d ` +
        '(LOG_RETENTION_DAYS). Installed by the retention function.',
      default_state: 'hot',
      states,
      ism_template: [{ index_patterns: [`${options.indexPrefix}-2*`], priority: ISM_TEMPLATE_PRIORITY }],
    },
  };
}
