/**
 * The CA lock's atomic create on a local disk, for the CLI's store (node/writePlan.ts) and the
 * extension's (client/src/commands/issue/writePlan.ts). Synchronous: the file is a few hundred
 * bytes, and no busy thread pool can hold it empty between its creation and its contents.
 */
import * as fs from 'node:fs';

/**
 * Creates `file` whole: written to a sibling, then hard-linked to its name (which fails with
 * EEXIST when it exists, as O_EXCL does), so no reader ever finds it empty. Not synced (the
 * CA lock). False where the file system has no hard links (then created as usual).
 */
export function createLinked(file: string, contents: string | Uint8Array, mode: number, nonce: string): boolean {
  const aside = `${file}.${nonce}.new`;
  const fd = fs.openSync(aside, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, mode);
  try {
    try {
      fs.writeFileSync(fd, contents);
      fs.fchmodSync(fd, mode);
    } finally {
      fs.closeSync(fd);
    }
    fs.linkSync(aside, file);
    return true;
  } catch (e) {
    if (['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((e as NodeJS.ErrnoException).code ?? '')) return false;
    throw e;
  } finally {
    fs.rmSync(aside, { force: true });
  }
}
