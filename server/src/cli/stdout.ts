import { writeSync } from 'node:fs';

/**
 * The CLI's standard output. Text goes straight to file descriptor 1 with write(2): creating
 * `process.stdout` loads Node's stream modules (and, for a pipe, its socket modules), about 2–4 ms
 * of every short command. Where a direct write cannot be made (Windows, whose console wants
 * UTF-16; a non-blocking descriptor that says EAGAIN; a closed pipe; any other error) the rest of
 * the text, and everything after it, goes through `process.stdout` as before, so its order and
 * its error handling (a reader that stops early ends the process quietly) stay as they were.
 */
let stream: NodeJS.WriteStream | undefined = process.platform === 'win32' ? standardOutput() : undefined;

function standardOutput(): NodeJS.WriteStream {
  if (!stream) {
    stream = process.stdout;
    // A reader that stops early (`certwright list | head`) closes the pipe: stop quietly, as Unix tools do.
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw err;
    });
  }
  return stream;
}

export function writeStdout(text: string): void {
  if (stream) {
    stream.write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written);
  } catch {
    standardOutput().write(bytes.subarray(written));
  }
}
