import { Command } from 'commander';
import { loadConfig } from '../shared/core/config.js';
import { PipelineError } from '../shared/core/errors.js';
import { registerConfig } from './commands/config.js';
import { registerDoctor } from './commands/doctor.js';
import { registerErase } from './commands/erase.js';
import { registerOnboard } from './commands/onboard.js';
import { registerProcess } from './commands/process.js';
import { registerReplay } from './commands/replay.js';
import { registerRetention } from './commands/retention.js';
import { registerSetup } from './commands/setup.js';
import { registerTestFilter } from './commands/testFilter.js';
import { registerTestRules } from './commands/testRules.js';
import type { CliIo } from './io.js';
import { makeCliRedactor } from './redactor.js';

export type { CliIo } from './io.js';

/** Builds the `teddy-logs` command line. Each command resolves to the process exit code. */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('teddy-logs')
    .description('The AI Teddy Bear log pipeline on a laptop: decode, parse, redact, enrich and deliver logs.')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  const withExit = { ...io, setExitCode };
  registerProcess(program, withExit);
  registerTestRules(
    program,
    (rulesPath) => makeCliRedactor(loadConfig(io.env), io.env, rulesPath, (m) => io.stderr.write(`${m}\n`)),
    io,
  );
  registerTestFilter(program, withExit);
  registerSetup(program, withExit);
  registerRetention(program, io);
  registerOnboard(program, io);
  registerErase(program, io);
  registerReplay(program, withExit);
  registerConfig(program, io);
  registerDoctor(program, withExit);
  return program;
}

/** Runs the CLI; resolves to the exit code. Errors with a known cause print one clear line, not a stack. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    const message =
      error instanceof PipelineError ? `${error.name} (${error.stage}): ${error.message}` : (error as Error).stack;
    io.stderr.write(`teddy-logs: ${message}\n`);
    return 2;
  }
}
