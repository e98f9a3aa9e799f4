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
