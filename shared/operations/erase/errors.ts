import { PipelineError } from '../../core/errors.js';

/** An erasure request that cannot be carried out as asked: an empty or malformed child id. Not retryable. */
export class ErasureRequestError extends PipelineError {
  constructor(message: string, cause?: unknown) {
    super(message, { stage: 'erase', cause });
  }
}
