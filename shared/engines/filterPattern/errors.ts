import { PipelineError } from '../../core/errors.js';

/** A filter pattern this evaluator cannot read: says what and where (0-based character position). */
export class FilterPatternError extends PipelineError {
  readonly position: number;

  constructor(message: string, position: number) {
    super(`${message} (at character ${position + 1})`, { stage: 'filter-pattern' });
    this.position = position;
  }
}

/** A metric value or dimension a metric filter cannot use with its pattern (PutMetricFilter would reject it). */
export class MetricTransformationError extends PipelineError {
  constructor(message: string) {
    super(message, { stage: 'filter-pattern' });
  }
}
