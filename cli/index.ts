import { main } from './main.js';

// A closed pipe downstream (`teddy-logs process --sink stdout | head`) is not a crash, nor a silent success: the
// command writing to stdout learns of it from its writes (`process` stops, says what was not written and exits 1).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
