import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda function is bundled (scripts/build.ts; bench/coldStart.ts bundles its hello world the same way).
 * The AWS SDK v3 stays external (the nodejs22.x runtime provides it), and so does `yaml`: a Lambda's redaction rules
 * file is JSON.
 */
export const FUNCTION_BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  external: ['@aws-sdk/*', 'yaml'],
  logLevel: 'warning',
};
