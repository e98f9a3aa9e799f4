/**
 * The data contracts every stage of the pipeline shares. Stages are pure: they take these shapes and return them.
 */

/** The levels of the document contract, lowest first. */
export const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const;
export type Level = (typeof LEVELS)[number];

/** The categories the guide names; an app may send others, which are kept as sent. */
export const LogCategory = {
  BUSINESS: 'business',
  SECURITY: 'security',
  CHILD_SAFETY: 'child_safety',
  AUDIT: 'audit',
  PERFORMANCE: 'performance',
  SYSTEM: 'system',
} as const;
export type LogCategoryName = (typeof LogCategory)[keyof typeof LogCategory];

/** One CloudWatch Logs event, as a subscription delivers it. */
export interface LogEvent {
  id: string;
  /** Epoch milliseconds, set by CloudWatch Logs when the event was ingested. */
  timestamp: number;
  message: string;
}

/** Where a batch of log events came from. */
export interface LogSource {
  logGroup: string;
  logStream: string;
  /** AWS account id of the log group's owner. */
  owner: string;
  region?: string;
}

/** A decoded subscription payload, or a batch of raw lines read by the CLI. */
export interface LogBatch {
  source: LogSource;
  events: LogEvent[];
}

/** Fields the parse stage recognised in one log event. The app's own fields stay in `fields`, untouched. */
export interface ParsedRecord {
  /** Which format the line was in, e.g. `json`, `lambda-text`, `lambda-json`, `python-text`, `platform`, `firelens`, `text`. */
  format: string;
  /** The app's own structured fields (for JSON lines), or `{ message }` for text. */
  fields: Record<string, unknown>;
  /** Level the runtime reported (a Lambda text column, a Python `[LEVEL]`); the app's own level wins over it. */
  runtimeLevel?: string;
  /** Timestamp the runtime reported; the app's own timestamp wins over it. */
  runtimeTimestamp?: string;
  /** Lambda runtime details: request id, and the numbers of a REPORT line. */
  lambda?: LambdaDetails;
  /** ECS / FireLens details from an envelope. */
  ecs?: Record<string, string>;
}

export interface LambdaDetails {
  request_id?: string;
  /** START, END, REPORT, or a `platform.*` type. */
  platform_event?: string;
  duration_ms?: number;
  billed_duration_ms?: number;
  memory_size_mb?: number;
  max_memory_used_mb?: number;
  init_duration_ms?: number;
  version?: string;
}

/** Country-level location, the only precision the pipeline keeps. */
export interface GeoLocation {
  country_iso_code?: string;
  continent_code?: string;
}

/** The processed document: what lands in OpenSearch. Field names follow the guide so its queries keep working. */
export interface LogDocument {
  '@timestamp': string;
  level: Level;
  message: string;
  category?: string;
  service?: string;
  environment?: string;
  correlation_id?: string;
  /** Keyed hash (`hmac-sha256:<version>:<hex>`), never the raw id. */
  child_id?: string;
  tags: string[];
  geoip?: GeoLocation;
  /** Truncated (IPv4 /24, IPv6 /48). */
  client_ip?: string;
  /** Which redaction kinds fired on this document and how many times; never the values. */
  redaction?: Record<string, number>;
  aws: {
    log_group: string;
    log_stream: string;
    event_id: string;
    account_id: string;
    region?: string;
  };
  lambda?: LambdaDetails;
  ecs?: Record<string, string>;
  /** Every other field the app logged. Mapped as `flat_object` so arbitrary keys cannot explode the mapping. */
  metadata?: Record<string, unknown>;
  /** Set when the document was cut to fit a delivery limit. */
  truncated?: boolean;
  original_size?: number;
}

/** Document fields the pipeline writes itself, never the app: redaction leaves them alone (geoip is minimised on its
 * own), and the leak check does not read them as app data. */
export const PIPELINE_FIELDS: ReadonlySet<string> = new Set([
  '@timestamp',
  'level',
  'tags',
  'aws',
  'lambda',
  'redaction',
  'geoip',
  'truncated',
  'original_size',
]);

/** Why an input or a document was not delivered. */
export const DeadLetterKind = {
  /** The input could not be decoded (bad base64, gzip, JSON, shape, size). */
  MALFORMED: 'malformed',
  /** Redaction failed or the leak check found residue: fail closed. */
  QUARANTINE: 'quarantine',
  /** The sink could not accept it after retries. */
  UNDELIVERABLE: 'undeliverable',
} as const;
export type DeadLetterKindName = (typeof DeadLetterKind)[keyof typeof DeadLetterKind];

/** A record kept instead of delivered: always with its reason and its original content. */
export interface DeadLetter {
  kind: DeadLetterKindName;
  stage: string;
  reason: string;
  /** The original content: the raw input (malformed), or the serialized document (undeliverable). Quarantined
   * records keep only what is safe to keep: see the redact stage. */
  content: string;
  source?: Partial<LogSource> & { event_id?: string };
  /** ISO time the letter was written. */
  at: string;
}

/** Counts of one run or one invocation. received = delivered + filtered + dead_lettered, always. */
export interface Ledger {
  /** Log events read (a malformed input that could not be decoded counts as one). */
  records_in: number;
  /** Documents accepted by the sink. */
  records_out: number;
  /** CONTROL_MESSAGE payloads and explicit drop rules. */
  filtered: number;
  /** Everything kept in a dead letter: malformed inputs, quarantined documents, undeliverable documents. */
  dead_lettered: number;
  /** Inputs that could not be decoded (a subset of dead_lettered). */
  malformed: number;
  /** Documents blocked by the fail-closed leak check (a subset of dead_lettered). */
  leaks_blocked: number;
  /** Delivered documents with level ERROR or FATAL. */
  errors: number;
  /** Delivered documents with category child_safety. */
  child_safety_events: number;
  /** Redaction kind -> count, over delivered documents. */
  redactions: Record<string, number>;
}

/** The result of handing documents to a sink. Every document given is in exactly one of the two lists. */
export interface DeliveryResult {
  delivered: number;
  failed: Array<{ document: LogDocument; reason: string }>;
}

/** Where processed documents go: stdout, daily files, Firehose, OpenSearch. */
export interface Sink {
  readonly name: string;
  deliver(documents: LogDocument[]): Promise<DeliveryResult>;
  close?(): Promise<void>;
}

/** Where dead letters go. Throws only when the letters could not be kept: then the caller must not claim them. */
export interface DeadLetterSink {
  readonly name: string;
  write(letters: DeadLetter[]): Promise<void>;
  close?(): Promise<void>;
}

/** The outcome of the redact stage for one document: safe to deliver, or quarantined (fail closed). */
export type RedactOutcome =
  | { ok: true; document: LogDocument }
  | {
      ok: false;
      /** True when the final leak check found residue; false when redaction itself failed. */
      leak: boolean;
      reason: string;
      /** What the quarantine keeps of the record. */
      content: string;
    };

/** The privacy stage, compiled once from its rules and key. */
export interface DocumentRedactor {
  redact(document: LogDocument): RedactOutcome;
}
