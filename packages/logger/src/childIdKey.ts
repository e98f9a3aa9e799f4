/**
 * The child-id key, found where the pipeline finds it and parsed by the pipeline's own parser (plain secret, or the
 * rotation form `{"current":"v2","keys":{...}}`), so a line hashed here matches the pipeline's hash of the same id.
 * Order, as the pipeline's: the SSM parameter (`CHILD_ID_KEY_PARAMETER`, asynchronous, see loadChildIdKeyParameter),
 * else `CHILD_ID_KEY`, else the file `CHILD_ID_KEY_FILE`. A key that cannot be read is a warning, never a crash: child
 * ids are then dropped at source until a valid key arrives.
 */
import { readFileSync } from 'node:fs';
// The SDK-free half of the pipeline's key module: the same parser, bundled in (childIdKeys.ts itself reads SSM).
import { parseChildIdKeys } from '../../../shared/core/childIdKeyText.js';

/** A key for hashing child ids; the same shape and meaning as the pipeline's. */
export interface ChildIdKeyConfig {
  version: string;
  secret: string;
}

/** Where the synchronous part of the key may come from. */
export interface ChildIdKeySources {
  /** `CHILD_ID_KEY`: the secret itself, or the rotation JSON. */
  key?: string | undefined;
  /** `CHILD_ID_KEY_FILE`: a file holding what CHILD_ID_KEY would. */
  keyFile?: string | undefined;
  /** `CHILD_ID_KEY_VERSION`: the version of a plain secret. */
  version: string;
}

/** Reads a parameter's decrypted value: `(name) => value`. The default uses the AWS SDK's SSM client. */
export type ParameterReader = (name: string) => Promise<string | undefined>;

const ABSENT_KEY_EFFECT = 'child ids are dropped (written as [REDACTED:child_id]) until a valid key is set';

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The current key of `text` (the older ones only matter to erasure), or undefined after one warning. */
function parseOrWarn(
  text: string,
  version: string,
  source: string,
  warn: (line: string) => void,
): ChildIdKeyConfig | undefined {
  try {
    const { key } = parseChildIdKeys(text, version, source);
    return {
      version: key.version,
      secret: typeof key.secret === 'string' ? key.secret : Buffer.from(key.secret).toString(),
    };
  } catch (error) {
    // The parser's messages name the source and the expected form, never the secret.
    warn(`teddy-logs logger: ${describe(error)}; ${ABSENT_KEY_EFFECT}`);
    return undefined;
  }
}

/** `CHILD_ID_KEY`, else the contents of `CHILD_ID_KEY_FILE`; undefined when neither is set or usable. */
export function readChildIdKeySync(
  sources: ChildIdKeySources,
  warn: (line: string) => void,
): ChildIdKeyConfig | undefined {
  if (sources.key !== undefined && sources.key.trim() !== '') {
    return parseOrWarn(sources.key, sources.version, 'CHILD_ID_KEY', warn);
  }
  if (sources.keyFile === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(sources.keyFile, 'utf8');
  } catch (error) {
    warn(
      `teddy-logs logger: CHILD_ID_KEY_FILE ${sources.keyFile} cannot be read (${describe(error)}); ${ABSENT_KEY_EFFECT}`,
    );
    return undefined;
  }
  return parseOrWarn(text, sources.version, `CHILD_ID_KEY_FILE ${sources.keyFile}`, warn);
}

/**
 * Reads an SSM parameter with the AWS SDK v3, imported only when called: the Lambda runtime provides it, and
 * elsewhere `@aws-sdk/client-ssm` is an optional peer dependency, so apps that never call this install nothing.
 */
export const readParameterWithSdk: ParameterReader = async (name) => {
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const client = new SSMClient({});
  try {
    const response = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    return response.Parameter?.Value;
  } finally {
    client.destroy();
  }
};

/** The key held by SSM parameter `name`, or undefined after one warning saying why. */
export async function readChildIdKeyParameter(
  name: string,
  version: string,
  read: ParameterReader,
  warn: (line: string) => void,
): Promise<ChildIdKeyConfig | undefined> {
  let value: string | undefined;
  try {
    value = await read(name);
  } catch (error) {
    warn(
      `teddy-logs logger: cannot read SSM parameter ${name} (CHILD_ID_KEY_PARAMETER): ${describe(error)}; ${ABSENT_KEY_EFFECT}`,
    );
    return undefined;
  }
  if (value === undefined || value.trim() === '') {
    warn(`teddy-logs logger: SSM parameter ${name} (CHILD_ID_KEY_PARAMETER) is empty; ${ABSENT_KEY_EFFECT}`);
    return undefined;
  }
  return parseOrWarn(value, version, `SSM parameter ${name}`, warn);
}
