/**
 * Masking secrets out of text that is printed or stored: summaries, reports, error messages, dead-letter reasons.
 * Dependency-free. Two kinds: what looks like a credential wherever it appears (a URL's password, a signed URL's
 * signature, a bearer token, `password=...`), and the exact values of the secrets a run was given (its keys and
 * passwords), which have no shape to recognise.
 */

export const MASK = '****';

// `scheme://user:password@host` — the password (and a lone user-info token, `scheme://token@host`).
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+)(?::([^\s/@]*))?@/gi;
// Query parameters and key=value pairs that carry a credential: presigned URLs, tokens, passwords.
const SECRET_PARAMETER =
  /\b(X-Amz-Signature|X-Amz-Security-Token|X-Amz-Credential|access_token|refresh_token|id_token|token|api[_-]?key|secret|password|passwd|pwd)=([^\s&"',;]+)/gi;
// `Authorization: Basic ...` / `Bearer ...` in a header dump or an error.
const AUTHORIZATION = /\b(Basic|Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g;

/** The text with URL passwords, credential parameters and authorization headers replaced by ****. */
export function maskSecrets(text: string): string {
  return text
    .replace(URL_CREDENTIALS, (_match, scheme: string, user: string, password: string | undefined) =>
      password === undefined ? `${scheme}${MASK}@` : `${scheme}${user}:${MASK}@`,
    )
    .replace(SECRET_PARAMETER, (_match, name: string) => `${name}=${MASK}`)
    .replace(AUTHORIZATION, (_match, scheme: string) => `${scheme} ${MASK}`);
}

/** A URL as it may be shown: its password masked. */
export function maskUrl(url: string): string {
  return maskSecrets(url);
}

/** Secrets shorter than this are not searched for by value: a four-character "secret" would mask ordinary words. */
const MIN_MASKED_VALUE_LENGTH = 6;

/**
 * A masker for one run: maskSecrets, and every occurrence of the given secret values (a child-id key, the rotation
 * JSON's keys, a password from the environment) replaced by ****.
 */
export function createSecretMasker(values: ReadonlyArray<string | undefined>): (text: string) => string {
  const secrets = [...new Set(values.flatMap(splitSecretValue))]
    .filter((value) => value.length >= MIN_MASKED_VALUE_LENGTH)
    .sort((a, b) => b.length - a.length);
  return (text: string) => {
    let masked = maskSecrets(text);
    for (const secret of secrets) masked = masked.split(secret).join(MASK);
    return masked;
  };
}

/** A value and, for the child-id rotation form, each key inside it (an error may quote one alone). */
function splitSecretValue(value: string | undefined): string[] {
  if (!value) return [];
  const trimmed = value.trim();
  if (!trimmed.startsWith('{')) return [trimmed];
  try {
    const keys = (JSON.parse(trimmed) as { keys?: unknown }).keys;
    const inner = keys && typeof keys === 'object' ? Object.values(keys).filter((k) => typeof k === 'string') : [];
    return [trimmed, ...(inner as string[])];
  } catch {
    return [trimmed];
  }
}

/** The environment variables whose values are secrets: masked wherever the CLI prints. */
export const SECRET_VARIABLES = [
  'CHILD_ID_KEY',
  'OPENSEARCH_PASSWORD',
  'ELASTICSEARCH_PASSWORD',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
] as const;
