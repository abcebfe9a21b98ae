import { runCli } from './cli/main';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`certwright: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
