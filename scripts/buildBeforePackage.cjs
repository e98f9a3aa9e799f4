// A local Serverless Framework plugin (serverless.yml `plugins: - ./scripts/buildBeforePackage.cjs`): every
// `sls package`, `sls deploy` and `sls deploy function` first runs `npm run build`, so the zips always hold bundles
// built from the checkout being deployed, on a fresh clone too (the functions are packaged from dist/, which git
// ignores). Offline: esbuild only, no AWS call.
//
// TEDDY_LOGS_PREBUILT=1 skips the build when dist/ was built a moment ago in the same job (scripts/cfn-check.sh
// packages two stages after one build; the stack tests package placeholder bundles on purpose).
'use strict';

const { spawnSync } = require('node:child_process');

const FUNCTIONS = ['ship', 'retention', 'onboard', 'erase'];

class BuildBeforePackage {
  constructor(serverless, _options, { log } = {}) {
    this.serverless = serverless;
    this.log = log ?? { notice: (message) => process.stderr.write(`${message}\n`) };
    const build = () => this.build();
    this.hooks = {
      'before:package:createDeploymentArtifacts': build,
      'before:deploy:function:packageFunction': build,
    };
  }

  build() {
    const serviceDir = this.serverless.serviceDir ?? this.serverless.config.servicePath;
    if (process.env.TEDDY_LOGS_PREBUILT === '1') {
      this.log.notice('teddy-logs: TEDDY_LOGS_PREBUILT=1, packaging dist/ as it is');
      return;
    }
    this.log.notice(`teddy-logs: npm run build (${FUNCTIONS.join(', ')} into dist/)`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['run', '--silent', 'build'], { cwd: serviceDir, stdio: 'inherit' });
    if (result.error || result.status !== 0) {
      const reason = result.error ? result.error.message : `exit status ${result.status}`;
      throw new this.serverless.classes.Error(
        `npm run build failed (${reason}): run \`npm ci\` first, then \`npm run build\` to see the error`,
      );
    }
  }
}

module.exports = BuildBeforePackage;
