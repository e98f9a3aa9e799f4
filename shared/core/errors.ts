/** Base of every error the pipeline raises: which stage, whether retrying the whole invocation could help, and why. */
export class PipelineError extends Error {
  readonly stage: string;
  readonly retryable: boolean;

  constructor(message: string, options: { stage: string; retryable?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.stage = options.stage;
    this.retryable = options.retryable ?? false;
  }
}

/** A subscription payload that cannot be decoded: bad base64, gzip, JSON, shape, or too large once inflated. */
export class DecodeError extends PipelineError {
  constructor(message: string, cause?: unknown) {
    super(message, { stage: 'decode', cause });
  }
}

/** A configuration value is missing or invalid. The message names the variable and the fix. */
export class ConfigError extends PipelineError {
  constructor(message: string, cause?: unknown) {
    super(message, { stage: 'config', cause });
  }
}

/** A sink or dead letter could not be written. Retryable: Lambda's own retry keeps the original event. */
export class DeliveryError extends PipelineError {
  constructor(message: string, cause?: unknown) {
    super(message, { stage: 'deliver', retryable: true, cause });
  }
}

/** The message of any thrown value, for reasons recorded in dead letters. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
