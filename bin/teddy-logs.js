#!/usr/bin/env node
// The `teddy-logs` command: the bundled CLI when `npm run build` has made it, else the TypeScript sources via tsx.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundled = join(__dirname, '..', 'dist', 'cli', 'index.js');
if (existsSync(bundled)) {
  require(bundled);
} else {
  require('tsx/cjs');
  require('../cli/index.ts');
}
