/**
 * `npm run build`: one bundle per Lambda function (dist/<name>/index.js), the CLI (dist/cli/index.js) and the app
 * logger package (packages/logger/dist: ESM, CommonJS, declarations; also `teddy-logs/logger`).
 */
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { buildLoggerPackage } from '../packages/logger/scripts/build.js';
import { FUNCTION_BUNDLE_OPTIONS } from './bundleOptions.js';

const FUNCTIONS = ['ship', 'retention', 'onboard', 'erase'];
const GEOIP_DATABASE = 'node_modules/@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb';

async function bundle(entry: string, outdir: string, options: BuildOptions): Promise<number> {
  await build({ ...options, entryPoints: [entry], outfile: join(outdir, 'index.js') });
  return statSync(join(outdir, 'index.js')).size;
}

async function main(): Promise<void> {
  const sizes: Record<string, number> = {};
  for (const name of FUNCTIONS) {
    const entry = `functions/${name}.ts`;
    if (!existsSync(entry)) continue;
    const outdir = join('dist', name);
    sizes[name] = await bundle(entry, outdir, FUNCTION_BUNDLE_OPTIONS);
    // The ship function looks client IPs up in the offline country database; it travels beside the bundle.
    if (name === 'ship') copyFileSync(GEOIP_DATABASE, join(outdir, 'geoip.mmdb'));
  }
  // The CLI runs outside Lambda: it carries every dependency.
  const selfContained = { ...FUNCTION_BUNDLE_OPTIONS, external: [] };
  sizes.cli = await bundle('cli/index.ts', join('dist', 'cli'), selfContained);
  for (const [name, size] of Object.entries(sizes)) {
    process.stdout.write(`dist/${name}/index.js  ${(size / 1024).toFixed(1)} KiB\n`);
  }
  const logger = await buildLoggerPackage();
  for (const [path, size] of Object.entries(logger.files)) {
    process.stdout.write(`packages/logger/${path}  ${(size / 1024).toFixed(1)} KiB\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`build failed: ${error.message}\n`);
  process.exitCode = 1;
});
