export { FilterPatternError, MetricTransformationError } from './errors.js';
export type { Expression, Operand } from './json/parse.js';
export { MAX_DIMENSIONS, MAX_PATTERN_LENGTH, MAX_REGEXES_PER_PATTERN } from './limits.js';
export {
  compileMetricTransformation,
  emitMetric,
  type MetricEmission,
  type MetricTransformation,
  type MetricTransformationSpec,
} from './metric.js';
export {
  compileFilterPattern,
  type FilterPattern,
  type FilterPatternKind,
  type FilterPatternMatch,
  type FilterPatternResult,
  isJsonDocument,
  matchesFilterPattern,
  matchesFilterPatternValue,
  matchFilterPattern,
  parseFilterPattern,
} from './pattern.js';
