// `prepare` (npm runs it on install from this folder, a tarball being packed, a git checkout, and on `npm ci` at the
// repository root): builds dist/. Where the build tools are not installed — a checkout whose dependencies were never
// installed — it says what to do, instead of npm's "tsx: not found".
const { execFileSync } = require('node:child_process');

const BUILD_TOOLS = ['tsx', 'esbuild', 'typescript', 'dts-bundle-generator'];

const missing = BUILD_TOOLS.filter((name) => {
  try {
    require.resolve(`${name}/package.json`);
    return false;
  } catch {
    return true;
  }
});
if (missing.length > 0) {
  process.stderr.write(
    `@teddy-logs/logger: cannot build, ${missing.join(', ')} not installed: run \`npm ci\` at the repository root ` +
      '(it builds this package), then install this folder again\n',
  );
  process.exit(1);
}
execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
