import * as fs from 'node:fs';
import { webcrypto } from 'node:crypto';
import type { Environment, FileStat, FileSystem } from '../core/environment';

function toStat(s: fs.Stats): FileStat {
  return {
    type: s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other',
    size: s.size,
    mode: s.mode & 0o7777,
    uid: s.uid,
    mtimeMs: s.mtimeMs,
  };
}

/** The real file system, for the server and the CLI. Never throws: missing means undefined. */
export const nodeFileSystem: FileSystem = {
  async readFile(path) {
    try {
      return new Uint8Array(await fs.promises.readFile(path));
    } catch {
      return undefined;
    }
  },
  readFileSync(path) {
    try {
      return new Uint8Array(fs.readFileSync(path));
    } catch {
      return undefined;
    }
  },
  async stat(path) {
    try {
      return toStat(await fs.promises.stat(path));
    } catch {
      return undefined;
    }
  },
  statSync(path) {
    try {
      return toStat(fs.statSync(path));
    } catch {
      return undefined;
    }
  },
  async readDirectory(path) {
    try {
      return await fs.promises.readdir(path);
    } catch {
      return undefined;
    }
  },
  readDirectorySync(path) {
    try {
      return fs.readdirSync(path);
    } catch {
      return undefined;
    }
  },
};

export function nodeEnvironment(overrides: Partial<Environment> = {}): Environment {
  return {
    fs: nodeFileSystem,
    now: () => new Date(),
    getEnv: (name) => process.env[name],
    cwd: () => process.cwd(),
    crypto: webcrypto,
    ...overrides,
  };
}
