import type { Readable, Writable } from 'node:stream';

/**
 * What a command may touch of the outside world: the three streams and the environment. `main` passes the process's;
 * tests pass captured streams and an env of their own, so a command never reads `process` directly.
 */
export interface CliIo {
  stdin: NodeJS.ReadableStream & Readable;
  stdout: Writable;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
}

/** A command that decides the exit status itself (1 when a run does not balance) gets this beside its io. */
export interface CliIoWithExit extends CliIo {
  setExitCode: (code: number) => void;
}
