/**
 * Runs one scenario in this process (started by bench/run.ts with --expose-gc) and writes its result as JSON to the
 * path given, so that one scenario's garbage, caches and peak memory never bleed into the next.
 *
 *   node --expose-gc --import tsx bench/child.ts <scenario file> <result path> [--quick]
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ScenarioResult, ScenarioStatus } from './report.js';
import type { Scenario } from './scenario.js';

async function main(): Promise<void> {
  const [file, resultPath, ...flags] = process.argv.slice(2);
  if (!file || !resultPath) throw new Error('usage: child.ts <scenario file> <result path> [--quick]');
  const root = resolve(__dirname, '..');
  const loaded = require(resolve(root, file)) as { run?: Scenario };
  if (typeof loaded.run !== 'function') throw new Error(`${file} does not export run()`);
  let result: ScenarioResult;
  try {
    result = await loaded.run({ quick: flags.includes('--quick'), root });
  } catch (error) {
    result = {
      id: file,
      title: file,
      status: ScenarioStatus.FAILED,
      reason: (error as Error).stack ?? String(error),
      inputs: [],
      rows: [],
      notes: [],
    };
    process.exitCode = 1;
  }
  writeFileSync(resultPath, JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(`bench child crashed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
