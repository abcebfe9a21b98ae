/**
 * The workspace's PKI, kept incrementally: decoded items are cached per file
 * by a stamp (mtime + size, or a content hash), signature checks are cached by
 * (signed object, issuer key), so adding, changing or removing one file
 * decodes that file only and re-verifies only the pairs it introduces. The
 * grouping itself is a linear pass over the cached items.
 */
import { mayContainPemBytes } from '../pem/blocks';
import { decodeFileBytes, toPem, type PkiItem } from './files';
import type { PkiCrypto } from './parse';
import { decryptPkcs12, type Pkcs12Contents } from './pkcs12';
import { parseCertificate, parsePrivateKey } from './parse';
import { CheckQueue } from './checkQueue';
import { CaDatabaseFile } from './revocation';
import { runSteps } from './steps';
import { buildPkiIndex, itemFields, pkiIndexSteps, verifyChain, type DeferredWork, type PkiIndex, type TreeOptions, type VerifyCache } from './tree';
import type { ChainReport, PkiField, PkiTree } from './types';

interface FileEntry {
  readonly stamp: string;
  readonly items: readonly PkiItem[];
}

/** What a file holds: its PKI items, and the CA database an index.txt without PEM blocks is. */
export interface DecodedFile {
  readonly items: readonly PkiItem[];
  readonly database?: CaDatabaseFile;
}

/**
 * Decodes a file's bytes. A `text` file (a config, a CA's index.txt...) holds PKI items only
 * as PEM blocks: without one it has no items, never decoded as DER.
 */
export function decodeFile(path: string, data: Uint8Array, kind: 'pki' | 'text', crypto: PkiCrypto): DecodedFile {
  const pem = kind === 'pki' || mayContainPemBytes(data);
  const database = kind === 'text' && !pem && /(^|[\\/])index\.txt$/.test(path) ? CaDatabaseFile.read(path, new TextDecoder().decode(data)) : undefined;
  return { items: pem ? decodeFileBytes(path, data, crypto) : [], ...(database ? { database } : {}) };
}

/** Asynchronous signature checks in flight at once (libuv's thread pool runs four; the rest wait queued). */
const maxChecksAtOnce = 64;

export class PkiWorkspace {
  private readonly files = new Map<string, FileEntry>();
  private readonly tooLarge = new Map<string, number>();
  /** Public contents of PKCS#12 files the user unlocked this session (never the password or private keys). */
  private readonly unlocked = new Map<string, { stamp: string; items: PkiItem[] }>();
  private readonly verifyCache = new Map<string, boolean>();
  /** Positive verdicts of earlier sessions (core/pki/verdicts), used for pairs this session has not checked. */
  private earlier: ReadonlySet<string> = new Set();
  /** Positive verdicts this session found that the earlier ones lack (then they are worth saving). */
  private fresh = 0;
  /** The checks a grouping uses: this session's, then the earlier sessions' positive verdicts. */
  private readonly checks: VerifyCache = {
    get: (k) => {
      const ok = this.verifyCache.get(k);
      if (ok !== undefined || !this.earlier.has(k)) return ok;
      this.verifyCache.set(k, true);
      return true;
    },
    set: (k, ok) => {
      if (ok && !this.earlier.has(k) && this.verifyCache.get(k) !== true) this.fresh++;
      this.verifyCache.set(k, ok);
    },
  };
  /** OpenSSL CA databases (index.txt) by path: a revocation source. */
  private readonly databases = new Map<string, CaDatabaseFile>();
  private index: PkiIndex | undefined;
  private indexKey = '';
  /** The stepped build under way (buildAsync), shared by the callers that want the same index. */
  private building: { readonly key: string; readonly done: Promise<PkiIndex> } | undefined;
  /** Bumped on every change; lets callers tell whether a rebuild is needed. */
  version = 0;

  constructor(private readonly crypto: PkiCrypto) {}

  /** Whether `path` is cached with this stamp (then it need not be read again). */
  isCurrent(path: string, stamp: string): boolean {
    return this.files.get(path)?.stamp === stamp;
  }

  /** Decodes and stores a file's bytes (decodeFile); returns the number of items. */
  setFile(path: string, stamp: string, data: Uint8Array, kind: 'pki' | 'text' = 'pki'): number {
    return this.setDecoded(path, stamp, decodeFile(path, data, kind, this.crypto));
  }

  /** Stores a file decoded elsewhere (the server decodes large files in a worker thread). */
  setDecoded(path: string, stamp: string, { items, database }: DecodedFile): number {
    if (database) this.databases.set(path, database);
    else this.databases.delete(path);
    this.files.set(path, { stamp, items });
    this.tooLarge.delete(path);
    const u = this.unlocked.get(path);
    if (u && u.stamp !== stamp) this.unlocked.delete(path);
    this.changed();
    return items.length;
  }

  setTooLarge(path: string, size: number): void {
    this.files.delete(path);
    this.tooLarge.set(path, size);
    this.changed();
  }

  /** Records an unreadable file (permission denied...) as an error item. */
  setUnreadable(path: string, stamp: string, message: string): void {
    this.files.set(path, { stamp, items: [{ kind: 'error', origin: { path, index: 0, format: 'der' }, message }] });
    this.changed();
  }

  removeFile(path: string): boolean {
    const had = this.files.delete(path) || this.tooLarge.delete(path);
    this.databases.delete(path);
    this.unlocked.delete(path);
    if (had) this.changed();
    return had;
  }

  /** Removes every file below `dir` (a deleted folder). */
  removeBelow(dir: string): number {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    let n = 0;
    for (const p of [...this.files.keys(), ...this.tooLarge.keys()]) if (p.startsWith(prefix) && this.removeFile(p)) n++;
    return n;
  }

  /** Positive signature verdicts of an earlier session (decodeVerdicts), trusted for exactly the pairs they name. */
  useEarlierVerdicts(keys: ReadonlySet<string>): void {
    this.earlier = keys;
  }

  /**
   * The positive verdicts worth keeping for a later session, those of this session's workspace first,
   * when this session found any the earlier ones lack; undefined otherwise (nothing new to save).
   */
  verdictsToSave(): Iterable<string> | undefined {
    if (!this.fresh) return undefined;
    this.fresh = 0;
    const { verifyCache, earlier } = this;
    // Read as they are written (node/verdictStore encodes in steps), not copied at once.
    return (function* () {
      for (const [k, ok] of verifyCache) if (ok) yield k;
      yield* earlier;
    })();
  }

  paths(): string[] {
    return [...this.files.keys(), ...this.tooLarge.keys()];
  }

  private changed(): void {
    this.version++;
    this.index = undefined;
  }

  private allItems(): PkiItem[] {
    const out: PkiItem[] = [];
    for (const [path, f] of this.files) {
      const u = this.unlocked.get(path);
      if (u) out.push(...u.items);
      else out.push(...f.items);
    }
    return out;
  }

  /** The grouped index (rebuilt only after a change or when the options differ). */
  build(options: TreeOptions): PkiIndex {
    const key = `${Math.floor(options.now / 60_000)}|${options.expiryWarningDays}`;
    if (this.index && this.indexKey === key) return this.index;
    // Only the minute moved: the same grouping told at the new time, when it holds then (PkiIndex.retime).
    const retold = this.index?.retime(options.now, options.expiryWarningDays);
    this.keep(retold ? runSteps(retold) : this.group(options), key);
    return this.index!;
  }

  private group(options: TreeOptions): PkiIndex {
    const tooLarge = [...this.tooLarge].map(([path, size]) => ({ path, size }));
    return buildPkiIndex(this.allItems(), this.crypto, options, this.checks, tooLarge, this.files.size + this.tooLarge.size, [...this.databases.values()]);
  }

  /** The same grouping a step at a time, over a snapshot of the files as they are now. */
  private groupSteps(options: TreeOptions, defer: DeferredWork): Generator<void, PkiIndex, void> {
    const tooLarge = [...this.tooLarge].map(([path, size]) => ({ path, size }));
    return pkiIndexSteps(this.allItems(), this.crypto, options, this.checks, tooLarge, this.files.size + this.tooLarge.size, [...this.databases.values()], defer);
  }

  private keep(index: PkiIndex, key: string): void {
    this.index = index;
    this.indexKey = key;
    // Bound the signature cache: drop it when it grows far beyond the workspace.
    if (this.verifyCache.size > 8 * (index.certificates.size + 1000)) this.verifyCache.clear();
  }

  /**
   * Like build(), but in small steps, awaiting `tick` between them (the host yields to its event
   * loop there), so a cold workspace of 50,000 certificates or a CA of 100,000 revocations never
   * blocks for long: the grouping itself runs in steps (pkiIndexSteps); the signature checks it
   * needs run many at once off the event loop where the crypto can (verifyAsync), else one a step;
   * a CA database is indexed a step at a time. Groups again until nothing is left over, and again
   * when the files change meanwhile. Concurrent callers for the same options share one build.
   */
  buildAsync(options: TreeOptions, tick: () => Promise<void>): Promise<PkiIndex> {
    const key = `${Math.floor(options.now / 60_000)}|${options.expiryWarningDays}`;
    if (this.index && this.indexKey === key) return Promise.resolve(this.index);
    if (this.building?.key === key) return this.building.done;
    const done: Promise<PkiIndex> = this.buildInSteps(options, key, tick).finally(() => {
      if (this.building?.done === done) this.building = undefined;
    });
    this.building = { key, done };
    return done;
  }

  private async buildInSteps(options: TreeOptions, key: string, tick: () => Promise<void>): Promise<PkiIndex> {
    let assumeGood = true;
    while (!this.index || this.indexKey !== key) {
      const version = this.version;
      const retold = this.index?.retime(options.now, options.expiryWarningDays);
      if (retold) {
        let step = retold.next();
        for (; !step.done; step = retold.next()) await tick();
        if (this.version === version) this.keep(step.value, key);
        continue;
      }
      const queue = new CheckQueue((k, ok) => this.checks.set(k, ok), maxChecksAtOnce, assumeGood);
      const preparations = new Map<object, () => Iterable<void>>();
      const steps = this.groupSteps(options, {
        verify: (k, run, runAsync) => queue.ask(k, run, runAsync),
        prepare: (what, steps) => {
          if (!preparations.has(what)) preparations.set(what, steps);
        },
      });
      let step = steps.next();
      for (; !step.done; step = steps.next()) {
        await tick();
        // The files changed while it grouped: that index is of files no longer there, and so may be its checks.
        if (this.version !== version) queue.stop();
      }
      if (this.version !== version) continue;
      await queue.drain(async () => {
        await tick();
        if (this.version !== version) queue.stop();
      });
      // The pass is the grouping with the verdicts when it deferred no check, or counted the checks
      // it deferred as good and they all are.
      if (this.version === version && !preparations.size && queue.allGood && (assumeGood || !queue.size)) {
        this.keep(step.value, key);
        break;
      }
      // One was not: the passes after count unchecked ones as failed, so each asks for every candidate
      // its path search meets (a name shared by many keys costs one more pass, not one per key).
      if (!queue.allGood) assumeGood = false;
      for (const steps of preparations.values()) {
        for (const _step of steps()) await tick();
      }
    }
    return this.index!;
  }

  tree(options: TreeOptions): PkiTree {
    return this.build(options).tree;
  }

  fields(id: string, options: TreeOptions): PkiField[] | undefined {
    const item = this.build(options).items.get(id);
    return item ? itemFields(item, options.now) : undefined;
  }

  item(id: string, options: TreeOptions): PkiItem | undefined {
    return this.build(options).items.get(id);
  }

  /** PEM of a certificate, CRL or CSR node (never of a private key). */
  pem(id: string, options: TreeOptions): string | undefined {
    const item = this.item(id, options);
    if (item?.kind === 'certificate') return toPem('CERTIFICATE', item.cert.der);
    if (item?.kind === 'crl') return toPem('X509 CRL', item.crl.der);
    return undefined;
  }

  verifyChain(id: string, options: TreeOptions): ChainReport {
    return verifyChain(this.build(options), id, options.now);
  }

  /**
   * Decrypts a PKCS#12 file's content with `password` (used for this call only)
   * and, when `remember` is set, shows its certificates and the public half of
   * its keys in the tree until the file changes.
   */
  unlockPkcs12(path: string, data: Uint8Array, password: string, remember: boolean, decrypted?: Pkcs12Contents): { contents: Pkcs12Contents; items: PkiItem[] } {
    // `decrypted`: the same decryption done off the event loop (the server's worker thread).
    const contents = decrypted ?? decryptPkcs12(data, password, this.crypto);
    const items: PkiItem[] = [];
    contents.bags.forEach((bag, index) => {
      const origin = { path, index, format: 'pkcs12' as const };
      try {
        if (bag.type === 'certificate' && bag.der) items.push({ kind: 'certificate', origin, cert: parseCertificate(bag.der, this.crypto) });
        else if (bag.type === 'privateKey' && bag.pkcs8) items.push({ kind: 'key', origin, key: parsePrivateKey(bag.pkcs8, 'pkcs8', this.crypto) });
        else if (bag.type === 'encryptedPrivateKey') items.push({ kind: 'key', origin, key: { kind: 'private', encrypted: true } });
      } catch (err) {
        items.push({ kind: 'error', origin, message: err instanceof Error ? err.message : String(err) });
      }
    });
    const f = this.files.get(path);
    if (remember && f) {
      this.unlocked.set(path, { stamp: f.stamp, items });
      this.changed();
    }
    return { contents, items };
  }
}
