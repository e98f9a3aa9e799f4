import { ConfigError, describeError } from '../../core/errors.js';
import { loadRuleSet } from './ruleSet.js';
import type { RuleOverrides } from './types.js';

/**
 * Reads the content of a rules file (JSON, or YAML for any other extension) and checks it against the default rules,
 * so a mistake is reported at start-up, naming the file and what is wrong, instead of on the first record.
 *
 * ```yaml
 * disable: [phone-nanp]
 * rules:
 *   - { type: pattern, name: employee-id, kind: employee_id, pattern: 'EMP-\d{6}', precheck: [EMP-] }
 *   - { name: password-field, fields: [password, pin_code] }   # changes a default rule
 * ```
 */
export function parseRulesFile(text: string, path: string): RuleOverrides {
  let content: unknown;
  try {
    content = path.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError(
      `rules file ${path}: not valid ${path.toLowerCase().endsWith('.json') ? 'JSON' : 'YAML'}: ${describeError(error)}`,
      error,
    );
  }
  if (content === null || content === undefined) return {};
  if (typeof content !== 'object' || Array.isArray(content)) {
    throw new ConfigError(`rules file ${path}: expected an object with "disable" and/or "rules"`);
  }
  const overrides = content as RuleOverrides;
  try {
    loadRuleSet(overrides);
  } catch (error) {
    throw new ConfigError(`rules file ${path}: ${describeError(error).replace(/^invalid rules: /, '')}`, error);
  }
  return overrides;
}

/**
 * YAML is loaded on first use: the Lambda bundles leave the `yaml` package out to stay small, so a rules file for a
 * Lambda is JSON. Anywhere else (CLI, tests) YAML works as usual.
 */
function parseYaml(text: string): unknown {
  let yaml: typeof import('yaml');
  try {
    yaml = require('yaml');
  } catch {
    throw new Error('YAML rules files are not supported in this bundle; write the rules file as .json');
  }
  return yaml.parse(text);
}
