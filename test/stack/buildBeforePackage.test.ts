import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The local Serverless plugin serverless.yml loads: `sls package` / `sls deploy` build before they zip dist/.
const BuildBeforePackage = require('../../scripts/buildBeforePackage.cjs');

class FrameworkError extends Error {}

/** A service folder whose `npm run build` runs `script` (node -e). */
function aServiceWithBuild(script: string) {
  const dir = mkdtempSync(join(tmpdir(), 'teddy-build-plugin-'));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'x', private: true, scripts: { build: `node -e ${JSON.stringify(script)}` } }),
  );
  return dir;
}

function aPlugin(serviceDir: string) {
  const notices: string[] = [];
  const plugin = new BuildBeforePackage(
    { serviceDir, classes: { Error: FrameworkError } },
    {},
    {
      log: { notice: (message: string) => notices.push(message) },
    },
  );
  return { plugin, notices };
}

describe('the build-before-package plugin', () => {
  const prebuilt = process.env.TEDDY_LOGS_PREBUILT;
  afterEach(() => {
    if (prebuilt === undefined) delete process.env.TEDDY_LOGS_PREBUILT;
    else process.env.TEDDY_LOGS_PREBUILT = prebuilt;
  });

  it('runs npm run build before the artifacts of sls package, sls deploy and sls deploy function', () => {
    delete process.env.TEDDY_LOGS_PREBUILT;
    const dir = aServiceWithBuild("require('fs').writeFileSync('built.txt', String(Date.now()))");
    const { plugin } = aPlugin(dir);
    expect(Object.keys(plugin.hooks).sort()).toEqual([
      'before:deploy:function:packageFunction',
      'before:package:createDeploymentArtifacts',
    ]);
    plugin.hooks['before:package:createDeploymentArtifacts']();
    expect(existsSync(join(dir, 'built.txt'))).toBe(true);
  });

  it('stops the packaging with the fix when the build fails', () => {
    delete process.env.TEDDY_LOGS_PREBUILT;
    const { plugin } = aPlugin(aServiceWithBuild('process.exit(3)'));
    expect(() => plugin.hooks['before:deploy:function:packageFunction']()).toThrow(FrameworkError);
    expect(() => plugin.hooks['before:deploy:function:packageFunction']()).toThrow(
      /npm run build failed \(exit status 3\): run `npm ci` first/,
    );
  });

  it('packages dist/ as it is when TEDDY_LOGS_PREBUILT=1, and says so', () => {
    process.env.TEDDY_LOGS_PREBUILT = '1';
    const dir = aServiceWithBuild("require('fs').writeFileSync('built.txt', 'x')");
    const { plugin, notices } = aPlugin(dir);
    plugin.hooks['before:package:createDeploymentArtifacts']();
    expect(existsSync(join(dir, 'built.txt'))).toBe(false);
    expect(notices.join('\n')).toContain('TEDDY_LOGS_PREBUILT=1');
  });

  it('is the plugin serverless.yml loads', () => {
    expect(readFileSync(join(__dirname, '../../serverless.yml'), 'utf8')).toMatch(
      /^plugins:\n {2}- \.\/scripts\/buildBeforePackage\.cjs$/m,
    );
  });
});
