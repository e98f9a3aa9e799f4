import { Command } from 'commander';
import { version } from '../package.json';
import { listDeprecationWarnings, loadConfig } from '../shared/core/config.js';
import { PipelineError } from '../shared/core/errors.js';
import { createSecretMasker, SECRET_VARIABLES } from '../shared/core/secrets.js';
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
  const mask = createSecretMasker(SECRET_VARIABLES.map((name) => io.env[name]));
  const program = new Command('teddy-logs')
    .description('The AI Teddy Bear log pipeline on a laptop: decode, parse, redact, enrich and deliver logs.')
    .version(version, '-V, --version', 'print the version')
    // A usage error names the problem and where help is; the whole help would bury the one line that matters.
    .showHelpAfterError('(see teddy-logs --help, or teddy-logs <command> --help)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(`teddy-logs: ${mask(s.replace(/^error: /, ''))}`),
    });

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

/** Errors of the AWS SDK whose fix is a setting, as one line naming it. */
function describeKnownError(error: Error): string | undefined {
  if (error.name === 'CredentialsProviderError' || /Could not load credentials/i.test(error.message)) {
    return (
      'no AWS credentials: set AWS_PROFILE (after `aws configure` or `aws sso login`), or AWS_ACCESS_KEY_ID and ' +
      'AWS_SECRET_ACCESS_KEY; against moto, any values and AWS_ENDPOINT_URL=http://127.0.0.1:5055'
    );
  }
  if (/Region is missing/i.test(error.message)) {
    return 'no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION)';
  }
  if (/Invalid protocol|Invalid URL/i.test(error.message)) {
    return `${error.message}: give URLs with their scheme, e.g. OPENSEARCH_URL=http://localhost:9200`;
  }
  return undefined;
}

/** The one line an error becomes: its stage and message, a fix where one is known; the stack only on request. */
function describeFailure(error: unknown, env: CliIo['env']): string {
  if (error instanceof PipelineError) return `${error.name} (${error.stage}): ${error.message}`;
  if (!(error instanceof Error)) return String(error);
  const known = describeKnownError(error);
  if (known) return known;
  // An error nobody anticipated: one line, and the stack when TEDDY_LOGS_DEBUG asks for it.
  return env.TEDDY_LOGS_DEBUG ? (error.stack ?? error.message) : `${error.name}: ${error.message}`;
}

/** Runs the CLI; resolves to the exit code. Errors print one clear line (secrets masked), never a stack. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  const mask = createSecretMasker(SECRET_VARIABLES.map((name) => io.env[name]));
  for (const warning of listDeprecationWarnings(io.env)) io.stderr.write(`${warning}\n`);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.help' || code === 'commander.version') return 0;
    if (typeof code === 'string' && code.startsWith('commander.')) return 2;
    io.stderr.write(`teddy-logs: ${mask(describeFailure(error, io.env))}\n`);
    return 2;
  }
}
