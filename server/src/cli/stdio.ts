import { writeSync } from 'node:fs';

/**
 * The CLI's standard output and error. Text goes straight to file descriptor 1 or 2 with
 * write(2): creating `process.stdout` or `process.stderr` loads Node's stream modules (and, for
 * a pipe, its socket modules), about 2–4 ms of every short command (`lint` reports its summary
 * on standard error). Where a direct write cannot be made (Windows, whose console wants UTF-16;
 * a non-blocking descriptor that says EAGAIN; a closed pipe; any other error) the rest of the
 * text, and everything after it, goes through the Node stream as before, so its order and its
 * error handling (a reader that stops early ends the process quietly) stay as they were.
 */
function directWriter(fd: 1 | 2, nodeStream: () => NodeJS.WriteStream): (text: string) => void {
  let stream: NodeJS.WriteStream | undefined;
  const fallback = (): NodeJS.WriteStream => {
    if (!stream) {
      stream = nodeStream();
      // A reader that stops early (`certwright list | head`) closes the pipe: stop quietly, as Unix tools do.
      stream.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw err;
      });
    }
    return stream;
  };
  // Decided at the first write, not at load (test/unit/cli/loadTimeState.test.ts).
  let direct: boolean | undefined;
  return (text) => {
    direct ??= process.platform !== 'win32';
    if (stream || !direct) {
      fallback().write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    } catch {
      fallback().write(bytes.subarray(written));
    }
  };
}

export const writeStdout = directWriter(1, () => process.stdout);
export const writeStderr = directWriter(2, () => process.stderr);
