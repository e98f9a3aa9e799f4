import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { Command } from 'commander';
import { buildProgram } from '../../cli/main.js';

// Every `teddy-logs <command> [<subcommand>] --option` DEPLOY.md tells an operator to run exists in the CLI.
const guide = readFileSync(join(__dirname, '../../DEPLOY.md'), 'utf8');

function aProgram(): Command {
  const io = {
    stdin: Readable.from([]) as never,
    stdout: new PassThrough(),
    stderr: new PassThrough() as unknown as NodeJS.WriteStream,
    env: {},
  };
  return buildProgram(io, () => undefined);
}

describe('the CLI commands DEPLOY.md uses', () => {
  const invocations = [...guide.matchAll(/^teddy-logs ([a-z][a-z-]*(?: [a-z][a-z-]*)?)((?: --[a-z-]+)*)/gm)];

  it('are there, with the options it passes', () => {
    expect(invocations.length).toBeGreaterThanOrEqual(4);
    const program = aProgram();
    for (const [, words, options] of invocations) {
      const [name, sub] = words.split(' ');
      let command = program.commands.find((c) => c.name() === name);
      const child = sub ? command?.commands.find((c) => c.name() === sub) : undefined;
      if (child) command = child;
      expect([words, Boolean(command)]).toEqual([words, true]);
      const known = new Set(command?.options.map((o) => o.long));
      for (const option of options.trim().split(/\s+/).filter(Boolean)) {
        expect([words, option, known.has(option)]).toEqual([words, option, true]);
      }
    }
  });
});
