import * as z from 'zod/mini';
import { CONFIG_SETTINGS, listMisspeltSettings, resolveAliases, shapeOf } from './configSchema.js';
import { ConfigError } from './errors.js';
import './zodLocale.js';

export { CLOUDWATCH_RETENTION_VALUES, DEFAULT_AWS_REGION } from './configSchema.js';

/** Every environment variable the pipeline reads at start, built from the one list of settings (configSchema.ts). */
const ConfigSchema = z.object(shapeOf(CONFIG_SETTINGS));

export type Config = z.infer<typeof ConfigSchema>;

/** Describes a failed parse: every bad variable and what it must be. */
export function describeConfigProblems(error: z.core.$ZodError): string {
  const problems = error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  return `invalid configuration — ${problems.join('; ')}. Fix the environment variable(s) named.`;
}

/**
 * Reads and validates the configuration from an environment. Throws a ConfigError naming every bad variable and
 * what it must be. Empty strings count as unset; aliases (configSchema.ts) fill a setting left unset.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = ConfigSchema.safeParse(resolveAliases(env, CONFIG_SETTINGS).values);
  if (!parsed.success) throw new ConfigError(describeConfigProblems(parsed.error));
  return parsed.data;
}

/**
 * One line per deprecated spelling the environment uses, naming its replacement, and per variable that looks like a
 * misspelt setting; print them once at start.
 */
export function listDeprecationWarnings(env: Record<string, string | undefined>): string[] {
  return [...resolveAliases(env).warnings, ...listMisspeltSettings(env)];
}
