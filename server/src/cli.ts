import { runCli } from './cli/main';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Once nothing is left to run (every write and timer done), exit without Node's teardown of
    // the environment and V8's heap, which a short command would otherwise wait for.
    process.once('beforeExit', () => process.exit());
  },
  (err: unknown) => {
    process.stderr.write(`certwright: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
