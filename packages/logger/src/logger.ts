import pino from 'pino';
import { LogCategory, type LogCategoryName } from '../../../shared/core/types.js';
import {
  type ChildIdKeyConfig,
  type LoggerConfig,
  readLevel,
  readLoggerConfig,
  WARNING_PREFIX,
  type WarningSink,
  warnOnStderr,
} from './config.js';
import { LEVEL_LABELS, LEVEL_VALUES, type LevelMethod, UNHASHED_CHILD_ID } from './constants.js';
import { getCorrelationId } from './correlation.js';
import { buildFieldRedactor } from './defaultRedactor.js';
import { createDestination } from './destination.js';
import {
  createSourceRedaction,
  type FieldRedactor,
  type RedactionCounts,
  type SourceRedaction,
} from './sourceRedaction.js';

/** Level names an app may use: the contract's, the guide's (WARNING, CRITICAL), lower or upper case. */
export type LevelName = LevelMethod | Uppercase<LevelMethod> | 'WARNING' | 'CRITICAL' | 'silent' | 'SILENT';

/** Fields of one log call. Known ones are written under the contract's names; any other goes into `metadata`. */
export interface LogFields {
  /** One of LogCategory (business, security, child_safety, audit, performance, system), or your own. */
  category?: LogCategoryName | (string & {}) | undefined;
  metadata?: Record<string, unknown> | undefined;
  /** Written as `child_id`, hashed with the configured key (dropped when there is none): never raw. */
  childId?: string | undefined;
  /** Overrides the correlation id of the current request. */
  correlationId?: string | undefined;
  /** An Error (or anything thrown): written as `metadata.error` with type, message and stack. */
  error?: unknown;
  [field: string]: unknown;
}

/** The app-side logger: one JSON line per call, in the document contract, redacted before it is written. */
export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  fatal(message: string, fields?: LogFields): void;
  /** A logger whose lines all carry `bindings` (category, correlationId, childId, metadata, or any field). */
  child(bindings: LogFields): Logger;
  isLevelEnabled(level: LevelName): boolean;
  /** Writes what an asynchronous destination holds (stdout off Lambda, files). */
  flush(): void;
}

/** How a logging setup is built. Everything defaults from the environment (see readLoggerConfig). */
export interface LoggingOptions {
  /** Settings instead of reading them from `process.env`. */
  config?: LoggerConfig | undefined;
  /** Where lines go instead of stdout / files (tests, a custom transport): anything with `write(line)`. */
  destination?: LineDestination | undefined;
  level?: LevelName | undefined;
  service?: string | undefined;
  environment?: string | undefined;
  /**
   * The pipeline's key for child ids; `null` means none (ids are dropped). Defaults to CHILD_ID_KEY, else
   * CHILD_ID_KEY_FILE (see README).
   */
  childIdKey?: ChildIdKeyConfig | null | undefined;
  /** A redactor built elsewhere (already holding its key); replaces the one built from `childIdKey`. */
  redactor?: FieldRedactor | undefined;
  /** Receives the warnings about invalid settings (default: one line each on stderr). */
  warn?: WarningSink | undefined;
}

/** Where a line goes: pino's destination streams, a file stream, or anything with `write`. Each line ends in `\n`. */
export interface LineDestination {
  write(line: string): unknown;
}

/** One logging setup: a pino root and its redaction. Loggers read `redaction` per call, so a key can arrive late. */
interface LoggingRuntime {
  root: pino.Logger;
  threshold: number;
  redaction: SourceRedaction;
}

/** Per-logger fields kept out of pino's bindings, because a call may override them (a JSON key must appear once). */
interface Bound {
  category?: string;
  correlationId?: string | undefined;
  childId?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

const NO_BINDINGS: Bound = {};

/** The guide's categories: plain words, written without asking the redactor. */
const KNOWN_CATEGORIES: ReadonlySet<string> = new Set(Object.values(LogCategory));

class StructuredLogger implements Logger {
  constructor(
    private readonly runtime: LoggingRuntime,
    private readonly pinoLogger: pino.Logger,
    private readonly bound: Bound,
  ) {}

  trace(message: string, fields?: LogFields): void {
    if (this.runtime.threshold <= 10) this.write('trace', message, fields);
  }
  debug(message: string, fields?: LogFields): void {
    if (this.runtime.threshold <= 20) this.write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    if (this.runtime.threshold <= 30) this.write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    if (this.runtime.threshold <= 40) this.write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    if (this.runtime.threshold <= 50) this.write('error', message, fields);
  }
  fatal(message: string, fields?: LogFields): void {
    if (this.runtime.threshold <= 60) this.write('fatal', message, fields);
  }

  isLevelEnabled(level: LevelName): boolean {
    return LEVEL_VALUES[toLevelMethod(level)] >= this.runtime.threshold;
  }

  flush(): void {
    this.pinoLogger.flush();
  }

  child(bindings: LogFields): Logger {
    const { redaction } = this.runtime;
    const bound: Bound = { ...this.bound };
    const others = bindOwnFields(bindings, bound, redaction);
    // Bindings are redacted once here, not on every line: pino serialises them once, too.
    const redacted = redaction.redactFields({ category: bound.category, metadata: bound.metadata, ...others });
    let pinoBindings = others;
    if (redacted !== undefined) {
      const { category, metadata, ...rest } = redacted.value;
      bound.category = category as string | undefined;
      bound.metadata = metadata as Record<string, unknown> | undefined;
      pinoBindings = rest;
    }
    const pinoLogger = isEmpty(others) ? this.pinoLogger : this.pinoLogger.child(pinoBindings);
    return new StructuredLogger(this.runtime, pinoLogger, bound);
  }

  /**
   * Sorts a call's fields into the contract's parts (the bound ones where the call gives none), then writes the line.
   * One loop with a switch, not a lookup per name: the names are literals, compared without hashing, and an ordinary
   * call allocates nothing here.
   */
  private write(method: LevelMethod, message: string, fields: LogFields | undefined): void {
    const bound = this.bound;
    if (fields === undefined) {
      this.emit(
        method,
        message,
        bound.category,
        bound.correlationId ?? getCorrelationId(),
        bound.childId,
        false,
        bound.metadata,
      );
      return;
    }
    let category = bound.category;
    let correlationId = bound.correlationId;
    let childIdGiven: unknown;
    let given: unknown;
    let extras: Record<string, unknown> | undefined;
    let error: unknown;
    for (const key in fields) {
      const value = fields[key];
      if (value === undefined) continue;
      switch (key) {
        case 'category':
          category = String(value);
          break;
        case 'metadata':
          given = value;
          break;
        case 'correlationId':
        case 'correlation_id':
          correlationId = String(value);
          break;
        case 'childId':
        case 'child_id':
          childIdGiven = value;
          break;
        case 'error':
        case 'err':
          error = value;
          break;
        default:
          extras ??= {};
          extras[key] = value;
      }
    }
    const metadata = mergeMetadata(bound.metadata, given, extras, error);
    const hasChildId = childIdGiven !== undefined;
    const childId = hasChildId ? this.runtime.redaction.protectChildId(childIdGiven) : bound.childId;
    this.emit(method, message, category, correlationId ?? getCorrelationId(), childId, hasChildId, metadata);
  }

  /** Redacts each part on its own, so an ordinary line allocates nothing here (see sourceRedaction.ts), and writes. */
  private emit(
    method: LevelMethod,
    message: string,
    givenCategory: string | undefined,
    correlationId: string | undefined,
    childId: string | undefined,
    childIdGiven: boolean,
    givenMetadata: Record<string, unknown> | undefined,
  ): void {
    const { redaction } = this.runtime;
    const bound = this.bound;
    let text = typeof message === 'string' ? message : String(message);
    let category = givenCategory;
    let metadata = givenMetadata;
    let counts: RedactionCounts | undefined;
    const checkedText = redaction.redactText(text);
    if (typeof checkedText !== 'string') {
      text = checkedText.value;
      counts = checkedText.counts;
    }
    // The bound category and metadata were redacted when the child logger was made; the guide's categories are words.
    const checkedCategory =
      category === undefined || category === bound.category || KNOWN_CATEGORIES.has(category)
        ? category
        : redaction.redactText(category);
    if (checkedCategory !== undefined && typeof checkedCategory !== 'string') {
      category = checkedCategory.value;
      counts = addCounts(counts, checkedCategory.counts);
    }
    const checkedMetadata =
      metadata === undefined || metadata === bound.metadata ? undefined : redaction.redactFields(metadata);
    if (checkedMetadata !== undefined) {
      metadata = checkedMetadata.value;
      counts = addCounts(counts, checkedMetadata.counts);
    }
    if (childIdGiven && childId === UNHASHED_CHILD_ID) counts = addCounts(counts, { child_id: 1 });
    // One shape for every record; pino skips the fields left undefined.
    const record = {
      category,
      correlation_id: correlationId,
      child_id: childId,
      metadata,
      source_redaction: counts === undefined ? undefined : describeCounts(counts),
    };
    this.pinoLogger[method](record, text);
  }
}

/**
 * Moves the fields with a place of their own in the contract (category, correlation id, child id — protected at
 * once —, metadata) from `bindings` into `bound`; returns the others, which pino binds as they are.
 */
function bindOwnFields(bindings: LogFields, bound: Bound, redaction: SourceRedaction): Record<string, unknown> {
  const others: Record<string, unknown> = {};
  for (const key in bindings) {
    const value = bindings[key];
    if (value === undefined) continue;
    if (key === 'category') bound.category = String(value);
    else if (key === 'correlationId' || key === 'correlation_id') bound.correlationId = String(value);
    else if (key === 'childId' || key === 'child_id') bound.childId = redaction.protectChildId(value);
    else if (key === 'metadata' && isPlainRecord(value)) bound.metadata = { ...bound.metadata, ...value };
    else others[key] = value;
  }
  return others;
}

function isEmpty(record: Record<string, unknown>): boolean {
  for (const _key in record) return false;
  return true;
}

/**
 * A call's metadata: the bound metadata, the call's `metadata` (a non-object one as `{ value }`), its other fields
 * and the error described, merged into a copy so the app's own objects are never changed by logging them. The bound
 * object itself when the call adds nothing, the call's own when nothing else is there.
 */
function mergeMetadata(
  bound: Record<string, unknown> | undefined,
  given: unknown,
  extras: Record<string, unknown> | undefined,
  error: unknown,
): Record<string, unknown> | undefined {
  if (given === undefined && extras === undefined && error === undefined) return bound;
  const own = given === undefined || isPlainRecord(given) ? given : { value: given };
  if (bound === undefined && extras === undefined && error === undefined) return own;
  const merged: Record<string, unknown> = { ...bound, ...own, ...extras };
  if (error !== undefined) merged.error = describeThrown(error);
  return merged;
}

/**
 * What was redacted at source, as `[{ kind, count }]`. Not as `{ email: 1 }`: the pipeline reads object keys as field
 * names, and `child_id` or `email` keys would be redacted again as if they held a child id or an address.
 */
function describeCounts(counts: Record<string, number>): Array<{ kind: string; count: number }> {
  // Object.entries, not `counts[kind]`: a keyed load ties the optimised code to the shapes of the redactor's counts
  // objects, which die with them, so every full GC would deoptimise this function.
  return Object.entries(counts)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([kind, count]) => ({ kind, count }));
}

function addCounts(into: RedactionCounts | undefined, more: RedactionCounts): RedactionCounts {
  const sum: RedactionCounts = { ...into };
  for (const kind in more) sum[kind] = (sum[kind] ?? 0) + more[kind];
  return sum;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An error as `{type, message, stack}` (and its cause, one level), so it survives JSON and reads in OpenSearch. */
export function describeThrown(thrown: unknown): Record<string, unknown> {
  if (thrown instanceof Error) {
    const described: Record<string, unknown> = { type: thrown.name, message: thrown.message };
    if (thrown.stack !== undefined) described.stack = thrown.stack;
    const code = (thrown as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') described.code = code;
    if (thrown.cause !== undefined) {
      described.cause =
        thrown.cause instanceof Error
          ? { type: thrown.cause.name, message: thrown.cause.message }
          : { type: typeof thrown.cause, message: String(thrown.cause) };
    }
    return described;
  }
  return { type: typeof thrown, message: String(thrown) };
}

/** A level given in code (JavaScript callers can pass any string): unknown ones warn and keep the configured level. */
function levelOrDefault(
  level: string,
  fallback: LevelMethod | 'silent',
  warn: WarningSink = warnOnStderr,
): LevelMethod | 'silent' {
  const reading = readLevel(String(level));
  if (reading.ok) return reading.value;
  warn(`${WARNING_PREFIX} level "${level}" is not a level; using ${fallback.toUpperCase()}`);
  return fallback;
}

function toLevelMethod(level: string): LevelMethod | 'silent' {
  const reading = readLevel(level);
  if (!reading.ok) throw new TypeError(`Unknown log level "${level}"`);
  return reading.value;
}

/** `000Z` … `999Z`: the end of a timestamp, by millisecond, so a line pays no number formatting. */
const MILLIS_Z: readonly string[] = Array.from({ length: 1000 }, (_, ms) => `${String(ms).padStart(3, '0')}Z`);
/** The same ends closing the JSON string of pino's timestamp field. */
const MILLIS_Z_QUOTE: readonly string[] = MILLIS_Z.map((end) => `${end}"`);
const TIMESTAMP_KEY = ',"timestamp":"';

let cachedSecond = Number.NaN;
let cachedPrefix = '';
let cachedField = '';

/** Caches `YYYY-MM-DDTHH:MM:SS.` of `second`; false for years a 24-character ISO string cannot hold. */
function cacheSecond(second: number): boolean {
  const iso = new Date(second * 1000).toISOString();
  // Years beyond 9999 (or before 0) have a longer form; those are formatted whole, never cached.
  if (iso.length !== 24) return false;
  cachedSecond = second;
  cachedPrefix = iso.slice(0, 20);
  cachedField = TIMESTAMP_KEY + cachedPrefix;
  return true;
}

/**
 * `new Date(now).toISOString()`, which costs more than the rest of a line: the date and time up to the second are
 * formatted once a second, the milliseconds looked up.
 */
export function formatTimestamp(now: number): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond && !cacheSecond(second)) return new Date(now).toISOString();
  const end = MILLIS_Z[now - second * 1000];
  // A fractional instant (never Date.now()) has no entry: Date keeps whole milliseconds, so let it say how.
  return end === undefined ? new Date(now).toISOString() : cachedPrefix + end;
}

/** pino's `timestamp` option: the contract's `timestamp` field, one concatenation per line. */
function writeTimestamp(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond && !cacheSecond(second)) return `${TIMESTAMP_KEY}${new Date(now).toISOString()}"`;
  return cachedField + MILLIS_Z_QUOTE[now - second * 1000];
}

function createRuntime(options: LoggingOptions): LoggingRuntime {
  const config = options.config ?? readLoggerConfig(process.env, options.warn);
  const level = options.level === undefined ? config.level : levelOrDefault(options.level, config.level, options.warn);
  const destination = options.destination ?? createDestination(config, options.warn);
  const base: Record<string, string> = {};
  const service = options.service ?? config.service;
  const environment = options.environment ?? config.environment;
  if (service !== undefined) base.service = service;
  if (environment !== undefined) base.environment = environment;
  const root = pino(
    {
      level: destination === undefined ? 'silent' : level,
      messageKey: 'message',
      base,
      // The contract's name and format: an ISO 8601 UTC `timestamp` (pino's isoTime would write `time`).
      timestamp: writeTimestamp,
      // pino calls this once per level at construction and caches the string.
      formatters: { level: (label) => ({ level: LEVEL_LABELS[label] ?? label.toUpperCase() }) },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
  const key = options.childIdKey === undefined ? config.childIdKey : (options.childIdKey ?? undefined);
  const redaction = buildRedaction(options.redactor, key, options.warn);
  return { root, threshold: destination === undefined ? LEVEL_VALUES.silent : LEVEL_VALUES[level], redaction };
}

function buildRedaction(
  redactor: FieldRedactor | undefined,
  key: ChildIdKeyConfig | undefined,
  warn?: WarningSink,
): SourceRedaction {
  if (redactor !== undefined) return createSourceRedaction(redactor);
  const built = buildFieldRedactor(key, warn);
  return createSourceRedaction(built.redactor, {
    unkeyedVersion: built.unkeyedVersion,
    childIdMarker: UNHASHED_CHILD_ID,
  });
}

/** One logging setup: its loggers share a destination, a level and a redactor. */
export interface Logging {
  /** A logger named `name` (written as `logger`). */
  getLogger(name: string): Logger;
  /**
   * Sets the key child ids are hashed with, for every logger of this setup, including those made before: for a key
   * fetched at cold start (SSM Parameter Store) rather than given in the environment. `null`: drop child ids.
   */
  setChildIdKey(key: ChildIdKeyConfig | null): void;
}

/** A logging setup of its own: tests, or a service that needs a second destination. Validates its config once. */
export function createLogging(options: LoggingOptions = {}): Logging {
  const runtime = createRuntime(options);
  return {
    getLogger: (name) => new StructuredLogger(runtime, runtime.root.child({ logger: name }), NO_BINDINGS),
    setChildIdKey(key) {
      runtime.redaction = buildRedaction(undefined, key ?? undefined, options.warn);
    },
  };
}

let defaultLogging: Logging | undefined;

/** The process's logging setup, read from the environment on first use and never again. */
export function getDefaultLogging(): Logging {
  defaultLogging ??= createLogging();
  return defaultLogging;
}

/**
 * A logger named `name` (written as `logger`). Without options it shares the process's setup, read once from the
 * environment; with options it gets a setup of its own.
 */
export function getLogger(name: string, options?: LoggingOptions): Logger {
  return (options === undefined ? getDefaultLogging() : createLogging(options)).getLogger(name);
}

/** Sets the child-id key of the process's setup (see Logging.setChildIdKey). */
export function setChildIdKey(key: ChildIdKeyConfig | null): void {
  getDefaultLogging().setChildIdKey(key);
}

/** Forgets the process's setup so the next getLogger reads the environment again. For tests. */
export function resetLogging(): void {
  defaultLogging = undefined;
}

export { LogCategory };
