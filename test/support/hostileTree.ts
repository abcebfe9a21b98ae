/**
 * Hostile workspace fixtures, created at test time (git cannot carry a FIFO, and a
 * committed symlink to /dev/zero is exactly what the tests guard against): a FIFO
 * no one writes to, symlinks to /dev/zero and to a FIFO, a character device, a
 * directory where a file is expected, and a file just over a cap.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HostileTree {
  readonly dir: string;
  path(rel: string): string;
  write(rel: string, text: string | Uint8Array): string;
  fifo(rel: string): string;
  link(rel: string, target: string): string;
  cleanup(): void;
}

export function hostileTree(prefix = 'cw-hostile-'): HostileTree {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = (rel: string): string => join(dir, rel);
  const parent = (p: string): void => void mkdirSync(join(p, '..'), { recursive: true });
  return {
    dir,
    path,
    write(rel, text) {
      const p = path(rel);
      parent(p);
      writeFileSync(p, text);
      return p;
    },
    fifo(rel) {
      const p = path(rel);
      parent(p);
      execFileSync('mkfifo', [p]);
      return p;
    },
    link(rel, target) {
      const p = path(rel);
      parent(p);
      symlinkSync(target, p);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

