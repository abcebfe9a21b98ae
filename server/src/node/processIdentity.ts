/**
 * This process as the CA lock sees it: host, pid, clock, random tokens, and whether
 * another process of this host is alive. Shared by the CLI's and the editor's
 * StoreFs, which differ only in the file system they write through.
 */
import type * as NodeCrypto from 'node:crypto';
import { hostname } from 'node:os';
import type { StoreFs } from '../core/issue/caStore';

/**
 * node:crypto, loaded when a lock token is first made: the commands that import the CA writer
 * (`issue --help` among them) loaded it and Node's stream modules before doing anything.
 */
let cryptoModule: typeof NodeCrypto | undefined;
const randomBytes = (n: number): Buffer => (cryptoModule ??= module.require('node:crypto') as typeof NodeCrypto).randomBytes(n);

export type ProcessIdentity = Pick<StoreFs, 'host' | 'pid' | 'now' | 'sleep' | 'random' | 'isAlive'>;

export function processIdentity(): ProcessIdentity {
  return {
    host: hostname(),
    pid: process.pid,
    now: () => Date.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    random: () => randomBytes(8).toString('hex'),
    isAlive(pid) {
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code !== 'ESRCH';
      }
    },
  };
}
