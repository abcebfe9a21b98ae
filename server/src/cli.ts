import { runCli } from './cli/main';

// A reader that stops early (`certwright list | head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`certwright: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
