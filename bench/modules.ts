/**
 * The parts of the repository the scenarios measure that may not have landed yet, loaded at run time and typed by
 * the little each scenario calls. A scenario whose module is missing reports `not available`.
 */

import type {
  DeadLetter,
  DeadLetterSink,
  DeliveryResult,
  DocumentRedactor,
  LogDocument,
  Sink,
} from '../shared/core/types.js';
import type { GeoLookup } from '../shared/engines/geo/index.js';
import { openGeoDatabase } from '../shared/engines/geo/index.js';
import { requireOptional } from './scenario.js';

interface ChildIdKey {
  version: string;
  secret: string;
}

/** What the scenarios use of shared/pipeline/redact. */
interface RedactModule {
  createRedactor(options: {
    key: ChildIdKey;
    previousKeys?: ChildIdKey[];
    rules: unknown;
    geo?: GeoLookup;
  }): DocumentRedactor;
  loadRuleSet(): unknown;
  DEV_CHILD_ID_KEY: ChildIdKey;
}

/** The pipeline's redactor as the ship function builds it with no SSM key: default rules, DEV key, packaged GeoIP. */
export function createRealRedactor(root: string): DocumentRedactor {
  const redact = requireOptional<RedactModule>(root, 'shared/pipeline/redact/index.ts', [
    'createRedactor',
    'loadRuleSet',
    'DEV_CHILD_ID_KEY',
  ]);
  return redact.createRedactor({ key: redact.DEV_CHILD_ID_KEY, rules: redact.loadRuleSet(), geo: openGeoDatabase() });
}

/** A redactor that changes nothing: isolates what the other stages cost. */
export const identityRedactor: DocumentRedactor = {
  redact: (document: LogDocument) => ({ ok: true, document }),
};

/**
 * A sink that does what every real sink must (serialise each document) and keeps nothing, so memory measurements
 * see the pipeline, not the sink's buffer.
 */
export function createCountingSink(): Sink & { documents: number; bytes: number } {
  const sink = {
    name: 'counting',
    documents: 0,
    bytes: 0,
    async deliver(documents: LogDocument[]): Promise<DeliveryResult> {
      for (const document of documents) sink.bytes += JSON.stringify(document).length;
      sink.documents += documents.length;
      return { delivered: documents.length, failed: [] };
    },
  };
  return sink;
}

/** Dead letters counted, not kept; the kinds seen are remembered so a scenario can report them. */
export function createCountingDeadLetters(): DeadLetterSink & { letters: number; reasons: Map<string, number> } {
  const sink = {
    name: 'counting-dead-letters',
    letters: 0,
    reasons: new Map<string, number>(),
    async write(letters: DeadLetter[]): Promise<void> {
      sink.letters += letters.length;
      for (const letter of letters) {
        const key = `${letter.kind}/${letter.stage}: ${letter.reason.slice(0, 80)}`;
        if (sink.reasons.size < 20 || sink.reasons.has(key)) sink.reasons.set(key, (sink.reasons.get(key) ?? 0) + 1);
      }
    },
  };
  return sink;
}
