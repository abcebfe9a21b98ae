/**
 * The server's own file watching, for clients that cannot watch files for it
 * (no dynamic registration of workspace/didChangeWatchedFiles, e.g. Neovim
 * before 0.9): the folders of the files the open documents' diagnostics depend
 * on are watched with fs.watch, and changes come back as LSP file events.
 * Bounded: at most `maxFolders` folders, the least recently wanted dropped first.
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';

export const maxFolders = 256;

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
const debounceMs = 100;

export class DependencyWatcher {
  private readonly folders = new Map<string, FSWatcher>();
  private readonly pending = new Map<string, FileEvent>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onChanges: (changes: FileEvent[]) => void,
    private readonly log: (message: string) => void,
  ) {}

  /** Watches the folder of each path, and each path that is a folder itself. */
  want(paths: Iterable<string>): void {
    for (const p of paths) {
      // A file is watched through its folder, which also sees it created, deleted or
      // replaced by a rename; a folder whose listing matters is watched itself too.
      this.watchFolder(dirname(p));
      if (this.folders.has(p) || isFolder(p)) this.watchFolder(p);
    }
  }

  private watchFolder(folder: string): void {
    const existing = this.folders.get(folder);
    if (existing) {
      this.folders.delete(folder); // refresh recency
      this.folders.set(folder, existing);
      return;
    }
    let w: FSWatcher;
    try {
      w = watch(folder, { persistent: false }, (_event, name) => {
        const path = name ? join(folder, name.toString()) : folder;
        this.queue(path);
      });
    } catch {
      return; // not a folder, or gone: nothing to watch
    }
    w.on('error', () => this.unwatch(folder));
    this.folders.set(folder, w);
    if (this.folders.size > maxFolders) this.unwatch(this.folders.keys().next().value!);
  }

  private unwatch(folder: string): void {
    this.folders.get(folder)?.close();
    this.folders.delete(folder);
  }

  private queue(path: string): void {
    this.pending.set(path, { uri: pathToFileURL(path).toString(), type: FileChangeType.Changed });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const changes = [...this.pending.values()];
      this.pending.clear();
      try {
        this.onChanges(changes);
      } catch (err) {
        this.log(`certwright: file watching: ${err instanceof Error ? err.message : String(err)} (${changes.map((c) => basename(c.uri)).join(', ')})`);
      }
    }, debounceMs);
  }

  get size(): number {
    return this.folders.size;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const w of this.folders.values()) w.close();
    this.folders.clear();
  }
}
