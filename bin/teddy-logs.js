#!/usr/bin/env node
// The `teddy-logs` command. In a checkout it runs the TypeScript sources (through tsx), so it never lags behind
// them; where only the bundle exists (an installed package), it runs dist/cli/index.js from `npm run build`.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const sources = join(__dirname, '..', 'cli', 'index.ts');
if (existsSync(sources) && canResolve('tsx/cjs')) {
  require('tsx/cjs');
  require(sources);
} else {
  require(join(__dirname, '..', 'dist', 'cli', 'index.js'));
}

function canResolve(id) {
  try {
    require.resolve(id);
    return true;
  } catch {
    return false;
  }
}
