// biome-ignore-all lint/suspicious/noExplicitAny: generated CloudFormation and search responses are untyped JSON.
/**
 * Runs `sls package` on a copy of the stack definition (serverless.yml + resources/ + the build plugin) in a temporary folder, with
 * placeholder bundles, so the test neither needs `npm run build` nor touches the checkout, and returns the generated
 * CloudFormation. Offline: fake credentials, no login, no AWS call.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const SLS = join(ROOT, 'node_modules/osls/bin/serverless.js');
export const FUNCTION_NAMES = ['ship', 'retention', 'onboard', 'erase'] as const;

export interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string | string[];
  Properties: Record<string, any>;
}

export interface Template {
  Parameters: Record<string, { Default?: string; AllowedValues?: string[] }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs: Record<string, unknown>;
}

export interface PackagedStack {
  template: Template;
  /** The folder holding the template and one zip per function. */
  dir: string;
}

/** Packages `stage` with extra `--param name=value` overrides. */
export async function packageStack(
  stage: string,
  params: Record<string, string> = {},
  env: Record<string, string> = {},
): Promise<PackagedStack> {
  const work = mkdtempSync(join(tmpdir(), `teddy-stack-${stage}-`));
  cpSync(join(ROOT, 'serverless.yml'), join(work, 'serverless.yml'));
  cpSync(join(ROOT, 'resources'), join(work, 'resources'), { recursive: true });
  mkdirSync(join(work, 'scripts'));
  cpSync(join(ROOT, 'scripts/buildBeforePackage.cjs'), join(work, 'scripts/buildBeforePackage.cjs'));
  for (const name of FUNCTION_NAMES) {
    mkdirSync(join(work, 'dist', name), { recursive: true });
    writeFileSync(join(work, 'dist', name, 'index.js'), 'exports.handler = async () => ({});\n');
  }
  const out = join(work, 'package');
  const args = [SLS, 'package', '--stage', stage, '--package', out];
  for (const [name, value] of Object.entries(params)) args.push(`--param=${name}=${value}`);
  const packaging = run(process.execPath, args, {
    cwd: work,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: work,
      AWS_ACCESS_KEY_ID: 'AKIAFAKEPACKAGEONLY00',
      AWS_SECRET_ACCESS_KEY: 'fake-package-only',
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      // The placeholder bundles above are what this test packages: no `npm run build` (scripts/buildBeforePackage.cjs).
      TEDDY_LOGS_PREBUILT: '1',
      ...env,
    },
    timeout: 120_000,
  });
  await packaging.catch((error: { stdout?: string; stderr?: string; message: string }) => {
    // The framework prints why on stdout or stderr: keep both in the error the test sees.
    throw new Error(`sls package failed: ${error.stderr ?? ''}${error.stdout ?? ''}${error.message}`);
  });
  const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'));
  return { template, dir: out };
}

/** Resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): Array<[string, CfnResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

/** A `Fn::Sub` string with every `${...}` replaced by a placeholder, to read JSON bodies built with Sub. */
export function substitutePlaceholders(sub: unknown): string {
  const text = Array.isArray(sub) ? sub[0] : sub;
  return String(text).replace(/\$\{[^}]+\}/g, 'PLACEHOLDER');
}
