import { includesAny, measureText } from './textShape.js';
import type { CompiledTextRule } from './types.js';

/** A span of a string that one rule claimed. Positions are in the original string. */
export interface TextSpan {
  rule: CompiledTextRule;
  start: number;
  end: number;
}

/** What earlier redaction left: markers and keyed hashes are never matched again, so redaction is idempotent. */
const ALREADY_SAFE = /\[REDACTED:[a-z0-9_]{1,40}\]|hmac-sha256:[A-Za-z0-9_-]{1,32}:[0-9a-f]{64}/g;
const MARKER_START = '[REDACTED:';
const HASH_START = 'hmac-sha256:';
const SAFE_STARTS = [MARKER_START, HASH_START];

/** True when a whole value is a redaction marker. */
export function isMarker(value: string): boolean {
  return value.startsWith(MARKER_START) && /^\[REDACTED:[a-z0-9_]{1,40}\]$/.test(value);
}

/**
 * Finds what the text rules claim in a string, in rule order: a span that overlaps one claimed by an earlier rule
 * (or a marker or hash from an earlier run) is skipped. Every rule scans the whole string, however long. Returns the
 * spans sorted by position.
 */
export function scanText(text: string, rules: readonly CompiledTextRule[]): TextSpan[] {
  const shape = measureText(text);
  const scan: Scan = {
    text,
    spans: [],
    claimed: includesAny(shape, text, SAFE_STARTS) ? claimAlreadySafe(text) : undefined,
  };
  for (const rule of rules) {
    // The shape is shared: nothing this loop calls (regular expressions, validators) measures another string.
    if (rule.requires && !rule.requires(shape, text)) continue;
    scanRule(scan, rule);
  }
  if (scan.spans.length > 1) scan.spans.sort((a, b) => a.start - b.start);
  return scan.spans;
}

/** One string being scanned: the spans found so far and the characters they (or earlier markers) claim. */
interface Scan {
  readonly text: string;
  readonly spans: TextSpan[];
  claimed: Uint8Array | undefined;
}

/** Markers and hashes of an earlier run, claimed so no rule matches inside them. */
function claimAlreadySafe(text: string): Uint8Array {
  const claimed = new Uint8Array(text.length);
  ALREADY_SAFE.lastIndex = 0;
  for (let m = ALREADY_SAFE.exec(text); m !== null; m = ALREADY_SAFE.exec(text)) {
    claimed.fill(1, m.index, m.index + m[0].length);
  }
  return claimed;
}

/** Where a match's secret lies once the rule's validator has looked at it; undefined when it rejects it. */
function validatedSpan(rule: CompiledTextRule, secret: string, start: number): [number, number] | undefined {
  if (!rule.validator) return [start, start + secret.length];
  const verdict = rule.validator(secret);
  if (typeof verdict === 'number') return verdict === 0 ? undefined : [start, start + verdict];
  return [start + verdict[0], start + verdict[1]];
}

function scanRule(scan: Scan, rule: CompiledTextRule): void {
  const regex = rule.regex;
  regex.lastIndex = 0;
  for (let m = regex.exec(scan.text); m !== null; m = regex.exec(scan.text)) {
    if (m[0].length === 0) regex.lastIndex += 1;
    else claimMatch(scan, rule, m);
  }
}

/** One match of a rule: validated, cut short of what earlier rules claimed, and claimed. */
function claimMatch(scan: Scan, rule: CompiledTextRule, m: RegExpExecArray): void {
  const pre = m.groups?.pre ?? '';
  const secret = m.groups?.secret ?? m[0].slice(pre.length);
  const start = m.index + pre.length;
  // Claimed already (a card before the phone rule sees its digits): not worth a validator's time.
  if (scan.claimed !== undefined && scan.claimed[start] === 1) return;
  const span = validatedSpan(rule, secret, start);
  if (span === undefined) return;
  const from = span[0];
  // A shorter valid part: look again right after it (the next card in a list of cards).
  if (span[1] < start + secret.length) rule.regex.lastIndex = span[1];
  // A match that runs into a span claimed before (`eyJ…sig-----BEGIN PRIVATE KEY-----`) is cut where that span
  // starts: what is left is still this rule's, and replacing only the claimed part would leave it to be found
  // on the next look (redaction would not be idempotent, and the leak check would find it).
  const to = scan.claimed ? unclaimedEnd(scan.claimed, from, span[1]) : span[1];
  if (to <= from) return;
  scan.claimed ??= new Uint8Array(scan.text.length);
  scan.claimed.fill(1, from, to);
  scan.spans.push({ rule, start: from, end: to });
}

/** Where the unclaimed run from `start` ends (at most `end`); `start` itself when it is claimed. */
function unclaimedEnd(claimed: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i += 1) if (claimed[i] === 1) return i;
  return end;
}

/** Builds the string with each span replaced; `replace` returns the replacement for one span. */
export function replaceSpans(
  text: string,
  spans: readonly TextSpan[],
  replace: (span: TextSpan, matched: string) => string,
): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + replace(span, text.slice(span.start, span.end));
    at = span.end;
  }
  return out + text.slice(at);
}
