import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import type { CliIo } from '../../cli/io.js';

/**
 * A `teddy-logs` program in-process with captured stdout and stderr, for testing one command's registration:
 * `register` adds the command(s) under test to the program.
 */
export function aCliWith(register: (program: Command, io: CliIo) => void, env: CliIo['env'], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  const program = new Command('teddy-logs').exitOverride();
  register(program, {
    stdin: Readable.from([stdin]) as CliIo['stdin'],
    stdout,
    stderr: stderr as unknown as NodeJS.WriteStream,
    env,
  });
  return { run: (args: string[]) => program.parseAsync(args, { from: 'user' }), out: () => out, err: () => err };
}

/** The whole `teddy-logs` program in-process, as `bin/teddy-logs` runs it: resolves to the exit code and the output. */
export async function runTeddyLogs(args: string[], env: CliIo['env'], stdin = '') {
  const { main } = await import('../../cli/main.js');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => {
    out += chunk;
  });
  stderr.on('data', (chunk) => {
    err += chunk;
  });
  const code = await main(args, {
    stdin: Readable.from([stdin]) as CliIo['stdin'],
    stdout,
    stderr: stderr as unknown as NodeJS.WriteStream,
    env,
  });
  return { code, out, err };
}

/**
 * The `teddy-logs` bin as a child process, as a user's shell runs it: only PATH and HOME of this process's
 * environment, plus `env`. Resolves (never rejects) with the exit code and both outputs.
 */
export async function runTeddyLogsBin(args: string[], env: Record<string, string> = {}) {
  const { execFile } = await import('node:child_process');
  const { join } = await import('node:path');
  const root = join(__dirname, '..', '..');
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(root, 'bin', 'teddy-logs.js'), ...args],
      { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
