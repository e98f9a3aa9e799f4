import { InvalidArgumentError } from 'commander';
import { readHttpUrl, readPositiveInteger } from '../../shared/core/validators.js';

/** `--opensearch-url` and the like: an http(s) URL without a trailing slash, or a usage error that shows the fix. */
export function parseUrl(value: string): string {
  const url = readHttpUrl(value);
  if (!url.ok) throw new InvalidArgumentError(`${value} ${url.problem}`);
  return url.value;
}

export function parsePositiveInt(value: string): number {
  const n = readPositiveInteger(value);
  if (!n.ok) throw new InvalidArgumentError(`${value} ${n.problem}`);
  return n.value;
}

/** A repeatable option's collector (`--drop A --drop B`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
