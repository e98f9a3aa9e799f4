/** One finding of `teddy-logs doctor`: a piece the pipeline depends on, whether it is ready, and if not, the fix. */
export interface DoctorCheck {
  /** What was checked, with its name: "Firehose delivery stream teddy-logs-dev". */
  piece: string;
  ready: boolean;
  /** What was found: "ACTIVE", "missing", "PendingConfirmation" ... */
  detail: string;
  /** The command or step that makes it ready (absent when ready). */
  fix?: string;
}

export function readyPiece(piece: string, detail: string): DoctorCheck {
  return { piece, ready: true, detail };
}

export function missingPiece(piece: string, detail: string, fix: string): DoctorCheck {
  return { piece, ready: false, detail, fix };
}

/** The AWS error's name (ResourceNotFoundException, ParameterNotFound, NotFound ...), or its message. */
export function awsErrorName(error: unknown): string {
  const { name, message } = error as { name?: string; message?: string };
  return name && name !== 'Error' ? name : (message ?? String(error));
}

/** True for the errors AWS APIs answer when the named resource does not exist. */
export function isNotFound(error: unknown): boolean {
  const name = awsErrorName(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return /NotFound|NonExistent|DoesNotExist|NoSuchBucket/i.test(name) || status === 404;
}
