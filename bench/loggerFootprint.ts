/**
 * Scenario 8: what installing the app logger costs an app, beside pino alone and Powertools' Logger alone, each
 * installed into an empty project of its own. Ours comes from `npm pack` of packages/logger, installed and checked as
 * a consumer would (scripts/logger-consumer-check.sh, which also runs it and type-checks it); the others from the
 * npm registry at the versions this repository locks. Targets (issue 16): ≤ 15 packages and ≤ 5 MB on disk.
 * Installs need the npm registry (or npm's cache): the quick run skips this scenario.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ScenarioResult, ScenarioStatus } from './report.js';
import { anEmptyResult, type ScenarioOptions } from './scenario.js';
import { summarise } from './stats.js';

const MAX_PACKAGES = 15;
/** 5 MB as the issue counts it: decimal megabytes of the blocks the files take on disk (`du -k`, as its pino 2.7 MB). */
const MAX_MEGABYTES = 5;
const BYTES_PER_MB = 1_000_000;

interface Footprint {
  packages: number;
  /** The blocks the files take on disk (`du -sk`). */
  bytes: number;
  /** The files' own sizes (`du -sb`). */
  apparentBytes: number;
}

/** The version package-lock.json pins for `name`, so the comparison installs what the repository tests against. */
function lockedVersion(root: string, name: string): string {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (version === undefined) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

/** Packages (every installed copy) and bytes under node_modules of the project in `dir`. */
function measure(dir: string): Footprint {
  const listed = execFileSync('npm', ['ls', '--all', '--parseable'], { cwd: dir, encoding: 'utf8' });
  const packages = listed.trim().split('\n').length - 1; // the first line is the project itself
  const du = (flag: string) =>
    Number(execFileSync('du', [flag, join(dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0]);
  return { packages, bytes: du('-sk') * 1024, apparentBytes: du('-sb') };
}

/** `spec` installed alone into a fresh empty project. */
function installAlone(spec: string): Footprint {
  const dir = mkdtempSync(join(tmpdir(), 'teddy-footprint-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{ "name": "empty", "version": "1.0.0", "private": true }\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', spec], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return measure(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ours, through the consumer check (pack, fresh install, ESM, CJS, tsc), which writes its footprint as JSON. */
function installOurs(root: string): Footprint {
  const dir = mkdtempSync(join(tmpdir(), 'teddy-footprint-'));
  try {
    const out = join(dir, 'footprint.json');
    execFileSync('bash', ['scripts/logger-consumer-check.sh', '--footprint-json', out], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    return JSON.parse(readFileSync(out, 'utf8')) as Footprint;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rowsFor(label: string, footprint: Footprint, withTargets: boolean): ScenarioResult['rows'] {
  return [
    {
      measure: `${label}: packages installed`,
      summary: summarise([footprint.packages]),
      unit: 'packages',
      ...(withTargets ? { target: { kind: 'atMost' as const, value: MAX_PACKAGES } } : {}),
    },
    {
      measure: `${label}: on disk`,
      summary: summarise([footprint.bytes / BYTES_PER_MB]),
      unit: 'MB',
      ...(withTargets ? { target: { kind: 'atMost' as const, value: MAX_MEGABYTES } } : {}),
    },
    {
      measure: `${label}: size of the files`,
      summary: summarise([footprint.apparentBytes / BYTES_PER_MB]),
      unit: 'MB',
    },
  ];
}

export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const result = anEmptyResult('footprint', '8. Logger footprint');
  if (options.quick) {
    return {
      ...result,
      status: ScenarioStatus.SKIPPED,
      reason: 'installs from the npm registry: full run only (npm test runs the consumer check, targets included)',
    };
  }
  const pinoVersion = lockedVersion(options.root, 'pino');
  const powertoolsVersion = lockedVersion(options.root, '@aws-lambda-powertools/logger');
  const ours = installOurs(options.root);
  const pino = installAlone(`pino@${pinoVersion}`);
  const powertools = installAlone(`@aws-lambda-powertools/logger@${powertoolsVersion}`);
  result.inputs.push(
    'each installed alone into an empty project (`npm install`, production dependencies only)',
    'ours: `npm pack` of packages/logger (built by `prepare`), the tarball installed; pino comes with it',
    `pino ${pinoVersion}; @aws-lambda-powertools/logger ${powertoolsVersion}`,
    'packages: `npm ls --all --parseable` (every installed copy); on disk: `du -sk node_modules` (blocks, as the ' +
      "issue's 2.7 MB for pino); size of the files: `du -sb`; 1 MB = 10^6 bytes",
  );
  result.rows.push(
    ...rowsFor('@teddy-logs/logger', ours, true),
    ...rowsFor('pino alone', pino, false),
    ...rowsFor('@aws-lambda-powertools/logger alone', powertools, false),
  );
  result.notes.push(
    'Ours is pino plus one package: two bundles (ESM, CommonJS; minified, names kept), their source maps and ' +
      "declarations (.d.mts, .d.cts). The bundles carry the pipeline's redactor (rules, validators, the detection " +
      'libraries it uses) and its key parser, compiled in from shared/ at build time; the maps embed the text of the ' +
      "logger's own sources (src/) only, the rest keep their mappings.",
    'A measurement, not a sample: one install each, so min = max = median.',
  );
  return result;
}
