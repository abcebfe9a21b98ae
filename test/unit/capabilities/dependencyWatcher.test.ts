/** The server's own file watching (clients without didChangeWatchedFiles registration), on a real temp folder. */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { FileEvent } from 'vscode-languageserver';
import { DependencyWatcher, maxFolders } from '../../../server/src/node/dependencyWatcher';

function nextChanges(): { watcher: DependencyWatcher; next: () => Promise<string[]> } {
  let waiting: ((paths: string[]) => void) | undefined;
  const watcher = new DependencyWatcher((changes: FileEvent[]) => waiting?.(changes.map((c) => fileURLToPath(c.uri))), () => {});
  // The watchers do not keep a process alive (the server's connection does): the timeout does here.
  const next = (): Promise<string[]> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no file event within 10 s')), 10_000);
      waiting = (paths) => {
        clearTimeout(timer);
        resolve(paths);
      };
    });
  return { watcher, next };
}

test('a dependency created, changed or added to a watched folder comes back as file events', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-watch-'));
  const { watcher, next } = nextChanges();
  try {
    mkdirSync(join(dir, 'certs'));
    watcher.want([join(dir, 'extra.cnf'), join(dir, 'certs')]);
    let seen = next();
    writeFileSync(join(dir, 'extra.cnf'), 'x = 1\n');
    assert.ok((await seen).includes(join(dir, 'extra.cnf')));
    seen = next();
    writeFileSync(join(dir, 'certs', 'node.crt'), 'not yet a certificate\n');
    assert.ok((await seen).includes(join(dir, 'certs', 'node.crt')));
  } finally {
    watcher.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('at most maxFolders folders are watched, the least recently wanted dropped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cw-watch-many-'));
  const watcher = new DependencyWatcher(() => {}, () => {});
  try {
    for (let i = 0; i < maxFolders + 20; i++) mkdirSync(join(dir, `d${i}`));
    for (let i = 0; i < maxFolders + 20; i++) watcher.want([join(dir, `d${i}`, 'f.pem')]);
    assert.equal(watcher.size, maxFolders);
    watcher.want([join(dir, 'missing-folder', 'f.pem')]); // nothing to watch, no error
    assert.equal(watcher.size, maxFolders);
  } finally {
    watcher.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
