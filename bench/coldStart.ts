/**
 * Scenario 4: bundle size and cold start. `npm run build`, then for every function the size of dist/<fn>/index.js
 * (target < 300 KB, the GeoIP file beside it aside) and the time a fresh `node` process takes to start, `require`
 * the bundle (which runs its module scope: config, clients, rules, GeoIP) and exit — as a ratio to the same for a
 * hello-world handler bundled the same way (target < 2x). Functions are loaded, never invoked.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { FUNCTION_BUNDLE_OPTIONS } from '../scripts/bundleOptions.js';
import { type CpuProfile, summariseProfile } from './profile.js';
import type { ScenarioResult } from './report.js';
import { anEmptyResult, type ScenarioOptions } from './scenario.js';
import { elapsedMs, summarise, summariseRatios } from './stats.js';

const SIZES = { quick: { rounds: 5 }, full: { rounds: 21 } } as const;

/** 300 KB as the design states it, in bytes (1 KB = 1,000 bytes: the stricter reading). */
const BUNDLE_BUDGET_BYTES = 300_000;

/**
 * What the functions read at module scope, set to harmless values so that loading succeeds without AWS. Nothing is
 * called: clients are only constructed.
 */
function environmentFor(root: string, name: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    STAGE: 'dev',
    FIREHOSE_STREAM_NAME: 'teddy-logs-dev-bench',
    DEAD_LETTER_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/teddy-logs-dev-dead-letters',
    DEAD_LETTER_BUCKET: 'teddy-logs-dev-dead-letters',
    SHIP_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:teddy-logs-dev-ship',
    OPENSEARCH_URL: 'http://127.0.0.1:9200',
    GEOIP_DATABASE_PATH: join(root, 'dist', name, 'geoip.mmdb'),
  };
}

async function bundleHandler(dir: string, name: string, source: string): Promise<string> {
  const entry = join(dir, `${name}.ts`);
  writeFileSync(entry, source);
  const outfile = join(dir, name, 'index.js');
  await build({ ...FUNCTION_BUNDLE_OPTIONS, entryPoints: [entry], outfile });
  return outfile;
}

const HELLO_WORLD = "export const handler = async () => ({ statusCode: 200, body: 'hello' });\n";
/** A second reference: the least a Firehose-writing function loads (one SDK client, constructed at module scope). */
const HELLO_FIREHOSE =
  "import { FirehoseClient } from '@aws-sdk/client-firehose';\n" +
  'const firehose = new FirehoseClient({});\n' +
  'export const handler = async () => ({ statusCode: 200, body: String(typeof firehose.send) });\n';

/** The package (or repository folder) a bundled input file belongs to. */
function ownerOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return path.split('/').slice(0, 2).join('/');
  const rest = path.slice(at + 'node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

/** What fills a function's bundle (bytes in the output per package, largest first) and what it leaves external. */
async function inspectBundle(root: string, name: string): Promise<{ parts: string; externals: string[] }> {
  const { metafile } = await build({
    ...FUNCTION_BUNDLE_OPTIONS,
    entryPoints: [join(root, 'functions', `${name}.ts`)],
    outfile: join(tmpdir(), `teddy-bench-${name}.js`),
    write: false,
    metafile: true,
    absWorkingDir: root,
  });
  if (!metafile) return { parts: 'unknown (esbuild returned no metafile)', externals: [] };
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      bytes.set(ownerOf(input), (bytes.get(ownerOf(input)) ?? 0) + bytesInOutput);
    }
  }
  const externals = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) if (imported.external) externals.add(imported.path);
  }
  const top = [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 6);
  return {
    parts: top.map(([owner, size]) => `${owner} ${(size / 1000).toFixed(0)} KB`).join(', '),
    externals: [...externals].filter((path) => path.startsWith('@aws-sdk/')).sort(),
  };
}

/** How long a fresh process takes to require only the given packages (the AWS SDK clients a bundle leaves out). */
function timeRequireOf(root: string, packages: string[]): number {
  const script =
    'const s=process.hrtime.bigint();for(const m of JSON.parse(process.argv[1]))require(m);' +
    'process.stdout.write(String(Number(process.hrtime.bigint()-s)/1e6));';
  const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(packages)], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`requiring ${packages.join(', ')} failed: ${run.stderr}`);
  return Number(run.stdout);
}

/** Spawns `node`, requires the bundle, and reports wall time (spawn → exit) and the require's own time. */
async function loadOnce(bundle: string, env: NodeJS.ProcessEnv): Promise<{ wallMs: number; requireMs: number }> {
  const script =
    'const s=process.hrtime.bigint();require(process.argv[1]);' +
    'process.stdout.write(String(Number(process.hrtime.bigint()-s)/1e6));';
  const start = process.hrtime.bigint();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (done) => {
      const child = spawn(process.execPath, ['-e', script, bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk;
      });
      child.stderr.on('data', (chunk: Buffer) => {
        err += chunk;
      });
      child.on('exit', (exitCode) => done({ code: exitCode, stdout: out, stderr: err }));
    },
  );
  const wallMs = elapsedMs(start);
  if (code !== 0)
    throw new Error(`loading ${bundle} failed (exit ${code}): ${stderr.trim().split('\n').slice(-3).join(' ')}`);
  return { wallMs, requireMs: Number(stdout) };
}

/** Where a cold load's time goes: `node --cpu-prof` around the require, summarised by package. */
function profileLoad(bundle: string, env: NodeJS.ProcessEnv, dir: string): string {
  const profileDir = mkdtempSync(join(dir, 'profile-'));
  spawnSync(
    process.execPath,
    [
      '--cpu-prof',
      '--cpu-prof-interval',
      '100',
      `--cpu-prof-dir=${profileDir}`,
      '-e',
      'require(process.argv[1])',
      bundle,
    ],
    {
      env,
      stdio: 'ignore',
    },
  );
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return 'no profile written';
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
  return summariseProfile(profile, 'package', 6).join('; ');
}

/** What the scenario measured of every function, for the rows of one. */
interface ColdStartTimes {
  options: ScenarioOptions;
  rounds: number;
  result: ScenarioResult;
  /** A scratch folder for CPU profiles. */
  dir: string;
  wall: Map<string, number[]>;
  requireTimes: Map<string, number[]>;
  helloWall: number[];
  helloFirehoseWall: number[];
}

/** One function's rows: bundle size, cold load against both references, require() alone, and the SDK's share. */
async function reportFunction(name: string, times: ColdStartTimes): Promise<void> {
  const { options, result, dir, wall, requireTimes, helloWall, helloFirehoseWall } = times;
  const bytes = statSync(join(options.root, 'dist', name, 'index.js')).size;
  const inspected = await inspectBundle(options.root, name);
  if (bytes > BUNDLE_BUDGET_BYTES) result.notes.push(`${name} bundle, largest parts: ${inspected.parts}`);
  result.rows.push({
    measure: `${name}: bundle size`,
    summary: summarise([bytes / 1000]),
    unit: 'KB',
    target: { kind: 'atMost', value: BUNDLE_BUDGET_BYTES / 1000 },
  });
  const wallTimes = wall.get(name);
  if (!wallTimes) return;
  if (!options.quick) {
    const env = environmentFor(options.root, name);
    result.notes.push(
      `${name} cold load, CPU profile by package (the bundle is one minified file: dist/${name} is all bundled code): ` +
        profileLoad(join(options.root, 'dist', name, 'index.js'), env, dir),
    );
  }
  result.rows.push(
    { measure: `${name}: node start + require + exit`, summary: summarise(wallTimes), unit: 'ms' },
    {
      measure: `${name}: cold load / hello world`,
      summary: summariseRatios(wallTimes, helloWall),
      unit: 'x',
      target: { kind: 'atMost', value: 2 },
    },
    {
      measure: `${name}: cold load / hello world + one FirehoseClient (diagnostic)`,
      summary: summariseRatios(wallTimes, helloFirehoseWall),
      unit: 'x',
    },
    {
      measure: `${name}: require() alone (diagnostic)`,
      summary: summarise(requireTimes.get(name) ?? []),
      unit: 'ms',
    },
  );
  const sdkOnly = summarise(
    Array.from({ length: Math.min(times.rounds, 7) }, () => timeRequireOf(options.root, inspected.externals)),
  );
  result.rows.push({
    measure: `${name}: require() of its ${inspected.externals.length} external @aws-sdk clients alone (diagnostic)`,
    summary: sdkOnly,
    unit: 'ms',
  });
  const helloMedian = summarise(helloWall).median;
  if (summarise(wallTimes).median > 2 * helloMedian) {
    result.notes.push(
      `${name}: requiring only the AWS SDK clients it leaves external (${inspected.externals.join(', ')}) takes ` +
        `${sdkOnly.median.toFixed(0)} ms, ${(sdkOnly.median / helloMedian).toFixed(1)}× the hello world's whole ` +
        `start-to-exit (${helloMedian.toFixed(0)} ms) — the SDK alone is past the 2x budget before any of our code runs.`,
    );
  }
}

/** Runs the scenario; see the file comment. */
export async function run(options: ScenarioOptions): Promise<ScenarioResult> {
  const result = anEmptyResult('coldstart', '4. Bundle size and cold start');
  const size = options.quick ? SIZES.quick : SIZES.full;
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: options.root, encoding: 'utf8' });
  if (built.status !== 0) {
    result.notes.push(
      `npm run build failed; bundles from an earlier build are used where present: ${built.stderr.trim()}`,
    );
  }
  const functions = readdirSync(join(options.root, 'functions'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -3))
    .sort();
  const dir = mkdtempSync(join(tmpdir(), 'teddy-bench-hello-'));
  try {
    const hello = await bundleHandler(dir, 'hello', HELLO_WORLD);
    const helloFirehose = await bundleHandler(dir, 'hello-firehose', HELLO_FIREHOSE);
    // The bundle lives in a temporary folder: NODE_PATH lets its external SDK resolve from the repository's modules.
    const helloEnv = environmentFor(options.root, 'hello');
    const helloFirehoseEnv = { ...helloEnv, NODE_PATH: join(options.root, 'node_modules') };
    const subjects = functions.filter((name) => existsSync(join(options.root, 'dist', name, 'index.js')));
    for (const missing of functions.filter((name) => !subjects.includes(name))) {
      result.notes.push(`functions/${missing}.ts has no bundle in dist/ (the build failed for it): not measured.`);
    }

    // Warm the file cache, and drop a function that cannot load rather than failing the whole scenario.
    await loadOnce(hello, helloEnv);
    await loadOnce(helloFirehose, helloFirehoseEnv);
    const loadable: string[] = [];
    for (const name of subjects) {
      try {
        await loadOnce(join(options.root, 'dist', name, 'index.js'), environmentFor(options.root, name));
        loadable.push(name);
      } catch (error) {
        result.notes.push(`dist/${name}/index.js does not load: ${(error as Error).message}`);
      }
    }

    const helloWall: number[] = [];
    const helloRequire: number[] = [];
    const helloFirehoseWall: number[] = [];
    const wall = new Map<string, number[]>(loadable.map((name) => [name, []]));
    const requireTimes = new Map<string, number[]>(loadable.map((name) => [name, []]));
    for (let round = 0; round < size.rounds; round += 1) {
      const timedHello = await loadOnce(hello, helloEnv);
      helloWall.push(timedHello.wallMs);
      helloRequire.push(timedHello.requireMs);
      helloFirehoseWall.push((await loadOnce(helloFirehose, helloFirehoseEnv)).wallMs);
      for (const name of loadable) {
        const timed = await loadOnce(join(options.root, 'dist', name, 'index.js'), environmentFor(options.root, name));
        wall.get(name)?.push(timed.wallMs);
        requireTimes.get(name)?.push(timed.requireMs);
      }
    }

    const helloBytes = statSync(hello).size;
    result.rows.push(
      { measure: 'hello world: bundle size', summary: summarise([helloBytes / 1000]), unit: 'KB' },
      { measure: 'hello world: node start + require + exit', summary: summarise(helloWall), unit: 'ms' },
      {
        measure: 'hello world + one FirehoseClient: node start + require + exit (diagnostic)',
        summary: summarise(helloFirehoseWall),
        unit: 'ms',
      },
    );
    for (const name of subjects) {
      await reportFunction(name, {
        options,
        rounds: size.rounds,
        result,
        dir,
        wall,
        requireTimes,
        helloWall,
        helloFirehoseWall,
      });
    }
    result.inputs.push(
      `Bundles: \`npm run build\` (scripts/build.ts: esbuild, minified CJS for node22, @aws-sdk/* external as the ` +
        'nodejs22.x runtime provides it); sizes exclude the geoip.mmdb copied beside each bundle.',
      `Hello world: \`export const handler = async () => ({ statusCode: 200, body: 'hello' })\` bundled with the same ` +
        "esbuild options (the target's reference). A second, diagnostic reference constructs one FirehoseClient at " +
        'module scope: the least a function that delivers to Firehose must load.',
      `Cold load: \`node -e "require(bundle)"\` in a fresh process, ${size.rounds} rounds alternating hello world and ` +
        'each function; wall time from spawn to exit (the ratio is per round). The @aws-sdk clients resolve from ' +
        "node_modules, as they would from the Lambda runtime's. Module-scope configuration comes from dummy environment " +
        'variables (FIREHOSE_STREAM_NAME, DEAD_LETTER_QUEUE_URL, DEAD_LETTER_BUCKET, SHIP_FUNCTION_ARN, ' +
        'OPENSEARCH_URL, GEOIP_DATABASE_PATH, AWS_REGION); nothing is invoked.',
    );
    result.notes.push(
      'The wall time includes starting Node itself (the same for both sides), which is also what a Lambda cold start ' +
        'pays; the require() row shows the module-scope work alone.',
    );
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
