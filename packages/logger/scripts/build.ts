/**
 * Builds the published package into dist/ (`npm run build`, and `prepare`, so folder, tarball and git installs build
 * from a clean checkout):
 * - index.mjs (ESM) and index.cjs (CommonJS), each with its source map: our code and the pipeline's redaction and
 *   key parsing it imports from shared/ are bundled in (one truth, compiled in); pino stays an external dependency,
 *   the AWS SDK an optional peer imported only by loadChildIdKeyParameter;
 * - index.d.mts / index.d.cts: one declaration bundle (dts-bundle-generator), so no TypeScript source ships and the
 *   types of shared/ the API mentions are inlined.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDtsBundle } from 'dts-bundle-generator';
import { type BuildOptions, build } from 'esbuild';

const PACKAGE_DIR = resolve(__dirname, '..');
const ENTRY = join(PACKAGE_DIR, 'src', 'index.ts');
const OUT_DIR = join(PACKAGE_DIR, 'dist');

/** Resolved by the consumer's install: pino is a dependency, the SSM client an optional peer. */
export const LOGGER_EXTERNALS = ['pino', '@aws-sdk/*'];

const COMMON: BuildOptions = {
  entryPoints: [ENTRY],
  bundle: true,
  platform: 'node',
  // The package's `engines`: Node 20.19 and later.
  target: 'node20',
  external: LOGGER_EXTERNALS,
  // Minified, names kept: the redactor's detection libraries make most of the bundle, and every byte lands in each
  // app that installs the logger (and in its Lambda bundles); stack traces stay readable through the source maps.
  minify: true,
  keepNames: true,
  sourcemap: true,
  legalComments: 'inline',
  logLevel: 'warning',
};

/** The files built, with their sizes in bytes. */
export interface LoggerBuild {
  files: Record<string, number>;
}

/**
 * Keeps embedded in a source map only the text of the logger's own sources (src/), the code an app steps through.
 * The pipeline's redactor (shared/) and third-party packages (zod, libphonenumber-js, …) keep their mappings, so a
 * stack frame inside them still names the file and line, but not their text: it was two thirds of each map, and
 * every byte lands in each app that installs the logger (the footprint target is 5 MB with pino).
 */
function keepOwnSourcesOnly(mapPath: string): void {
  const map = JSON.parse(readFileSync(mapPath, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
  map.sourcesContent = map.sources.map((source, index) =>
    source.startsWith('../src/') ? (map.sourcesContent?.[index] ?? null) : null,
  );
  writeFileSync(mapPath, JSON.stringify(map));
}

export async function buildLoggerPackage(): Promise<LoggerBuild> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  await build({ ...COMMON, format: 'esm', outfile: join(OUT_DIR, 'index.mjs') });
  await build({ ...COMMON, format: 'cjs', outfile: join(OUT_DIR, 'index.cjs') });
  for (const bundle of ['index.mjs', 'index.cjs']) keepOwnSourcesOnly(join(OUT_DIR, `${bundle}.map`));
  // tsconfig.json sets `noCheck`: the repository's `tsc --noEmit` checks these sources (see the comment there).
  const [declarations] = generateDtsBundle([{ filePath: ENTRY, output: { noBanner: true } }], {
    preferredConfigPath: join(PACKAGE_DIR, 'tsconfig.json'),
  });
  if (declarations === undefined) throw new Error('dts-bundle-generator produced no declarations');
  // One declaration bundle for both formats: TypeScript reads .d.mts as ESM and .d.cts as CommonJS.
  writeFileSync(join(OUT_DIR, 'index.d.mts'), declarations);
  writeFileSync(join(OUT_DIR, 'index.d.cts'), declarations);
  const files: Record<string, number> = {};
  for (const name of readdirSync(OUT_DIR).sort()) files[`dist/${name}`] = statSync(join(OUT_DIR, name)).size;
  return { files };
}

if (require.main === module) {
  buildLoggerPackage().then(
    ({ files }) => {
      for (const [path, bytes] of Object.entries(files))
        process.stdout.write(`${path}  ${(bytes / 1024).toFixed(1)} KiB\n`);
    },
    (error: Error) => {
      process.stderr.write(`@teddy-logs/logger build failed: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
