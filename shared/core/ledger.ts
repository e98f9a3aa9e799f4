import type { DeadLetter, Ledger, LogDocument } from './types.js';

/** A ledger with every count at zero. */
export function createLedger(): Ledger {
  return {
    records_in: 0,
    records_out: 0,
    filtered: 0,
    dead_lettered: 0,
    malformed: 0,
    leaks_blocked: 0,
    errors: 0,
    child_safety_events: 0,
    redactions: {},
  };
}

/** Counts delivered documents into the ledger: errors, child-safety events, redactions by kind. */
export function countDelivered(ledger: Ledger, documents: readonly LogDocument[]): void {
  ledger.records_out += documents.length;
  for (const document of documents) {
    if (document.level === 'ERROR' || document.level === 'FATAL') ledger.errors += 1;
    if (document.category === 'child_safety') ledger.child_safety_events += 1;
    if (document.redaction) {
      for (const [kind, count] of Object.entries(document.redaction)) {
        ledger.redactions[kind] = (ledger.redactions[kind] ?? 0) + count;
      }
    }
  }
}

/** Counts dead letters into the ledger; malformed inputs also on their own. */
export function countDeadLetters(ledger: Ledger, letters: readonly DeadLetter[]): void {
  ledger.dead_lettered += letters.length;
  for (const letter of letters) {
    if (letter.kind === 'malformed') ledger.malformed += 1;
  }
}

/** Adds `from` into `into`. */
export function addLedger(into: Ledger, from: Ledger): Ledger {
  into.records_in += from.records_in;
  into.records_out += from.records_out;
  into.filtered += from.filtered;
  into.dead_lettered += from.dead_lettered;
  into.malformed += from.malformed;
  into.leaks_blocked += from.leaks_blocked;
  into.errors += from.errors;
  into.child_safety_events += from.child_safety_events;
  for (const [kind, count] of Object.entries(from.redactions)) {
    into.redactions[kind] = (into.redactions[kind] ?? 0) + count;
  }
  return into;
}

/** True when every record read is accounted for: delivered, filtered or dead-lettered. */
export function isBalanced(ledger: Ledger): boolean {
  return ledger.records_in === ledger.records_out + ledger.filtered + ledger.dead_lettered;
}
