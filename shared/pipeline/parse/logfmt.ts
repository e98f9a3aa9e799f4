import type { ParsedRecord } from '../../core/types.js';
import { safeKey } from './safeJson.js';

/**
 * logfmt, the `key=value` lines of Go's log/slog TextHandler, logrus's text formatter, go-kit and Heroku:
 * ```
 * time=2026-01-15T10:30:00.123Z level=INFO msg="story generated" req_id=abc tokens=812
 * ```
 * A line is taken for logfmt only when it is nothing but pairs (a bare `key` counts as `key=true`) and names a `msg`
 * or a `level`, so prose with an `a=b` in it stays text. Values stay text: logfmt has no types, and normalise reads
 * levels, times and ids from text. The tokenizer is one anchored, sticky pattern: linear in the line length.
 */
const PAIR = /[ \t]*([A-Za-z_][\w.\-/]*)(?:=("(?:[^"\\]|\\.)*"|[^\s"]*))?(?=[ \t]|$)/y;
const OPENING = /^[A-Za-z_][\w.\-/]*=/;
const MARKER_KEYS = ['msg', 'level', 'lvl'] as const;

/** The fields of a logfmt line, or undefined when the line is not one. */
export function parseLogfmt(line: string): ParsedRecord | undefined {
  if (!OPENING.test(line) || line.includes('\n')) return undefined;
  const fields: Record<string, unknown> = {};
  PAIR.lastIndex = 0;
  while (PAIR.lastIndex < line.length) {
    const start = PAIR.lastIndex;
    const pair = PAIR.exec(line);
    if (!pair || PAIR.lastIndex === start) return line.slice(start).trim() === '' ? finish(fields) : undefined;
    const [, key, raw] = pair;
    fields[safeKey(key as string)] = raw === undefined ? true : unquote(raw);
  }
  return finish(fields);
}

function finish(fields: Record<string, unknown>): ParsedRecord | undefined {
  return MARKER_KEYS.some((key) => Object.hasOwn(fields, key)) ? { format: 'logfmt', fields } : undefined;
}

/** A quoted value as Go's strconv.Quote writes it (JSON-compatible but for rare escapes such as `\x00`). */
function unquote(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1).replace(/\\(["\\])/g, '$1');
  }
}
