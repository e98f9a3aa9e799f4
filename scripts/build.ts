/**
 * `npm run build`: one bundle per Lambda function (dist/<name>/index.js), the CLI (dist/cli/index.js) and the app
 * logger (dist/logger/index.js). The AWS SDK v3 stays external for functions (the nodejs22.x runtime provides it), and so does `yaml`:
 * a Lambda's redaction rules file is JSON.
 */
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const FUNCTIONS = ['ship', 'retention', 'onboard', 'erase'];
const GEOIP_DATABASE = 'node_modules/@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country.mmdb';

async function bundle(entry: string, outdir: string, external: string[]): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile: join(outdir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    external,
    logLevel: 'warning',
  });
  return statSync(join(outdir, 'index.js')).size;
}

async function main(): Promise<void> {
  const sizes: Record<string, number> = {};
  for (const name of FUNCTIONS) {
    const entry = `functions/${name}.ts`;
    if (!existsSync(entry)) continue;
    const outdir = join('dist', name);
    sizes[name] = await bundle(entry, outdir, ['@aws-sdk/*', 'yaml']);
    // The ship function looks client IPs up in the offline country database; it travels beside the bundle.
    if (name === 'ship') copyFileSync(GEOIP_DATABASE, join(outdir, 'geoip.mmdb'));
  }
  sizes.cli = await bundle('cli/index.ts', join('dist', 'cli'), []);
  if (existsSync('shared/logger/index.ts'))
    sizes.logger = await bundle('shared/logger/index.ts', join('dist', 'logger'), []);
  for (const [name, size] of Object.entries(sizes)) {
    process.stdout.write(`dist/${name}/index.js  ${(size / 1024).toFixed(1)} KiB\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`build failed: ${error.message}\n`);
  process.exitCode = 1;
});
