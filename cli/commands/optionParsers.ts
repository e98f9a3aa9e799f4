import { InvalidArgumentError } from 'commander';

/** `--opensearch-url` and the like: an http(s) URL without a trailing slash, or a usage error that shows the fix. */
export function parseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`not a URL: ${value} (expected e.g. http://localhost:9200)`);
  }
  // `localhost:9200` parses as a URL whose scheme is `localhost:`; say what was meant instead of failing later.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(`not an http(s) URL: ${value} (add the scheme, e.g. http://${value})`);
  }
  return url.toString().replace(/\/$/, '');
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`not a positive whole number: ${value}`);
  return n;
}

/** A repeatable option's collector (`--drop A --drop B`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
