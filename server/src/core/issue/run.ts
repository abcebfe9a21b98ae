/**
 * The one entry point every front end runs operations through (the server's
 * `certwright/issue` and `certwright/issueBatch`, the CLI): dispatch by kind, and
 * batches with their key pairs generated ahead in parallel.
 */
import type { Environment } from '../environment';
import { certKeyType, parseCertPem } from './certs';
import { generateKeyPair, type Crypto, type CryptoKeyPair } from './keys';
import { createCa, createIntermediate, directoryOrder, issueClient, issueNode, publishCrl, revoke, withBatchCaCache, type KeySource } from './operations';
import { operationProfile, profiles } from './profiles';

export { makeCsr } from './csr';
import { IssueError, type CaMaterial, type IssueOperation, type IssueResult, type KeyType, type PlannedDirectory, type PlannedFile, type ProfileLayout, type WritePlan } from './types';
import { checkProfile } from './validate';
import { tr } from '../l10n';

/** Runs any operation: the one entry point the server (`certwright/issue`) and the CLI share. */
export async function runIssueOperation(env: Environment, op: IssueOperation, ca?: CaMaterial, keySource?: KeySource): Promise<IssueResult> {
  switch (op?.kind) {
    case 'createCa':
      return createCa(env, op, keySource);
    case 'createIntermediate':
      return createIntermediate(env, op, ca, keySource);
    case 'issueNode':
      return issueNode(env, op, ca, keySource);
    case 'issueClient':
      return issueClient(env, op, ca, keySource);
    case 'revoke':
      return revoke(env, op, ca);
    case 'publishCrl':
      return publishCrl(env, op, ca);
    // Loaded when used: a process that issues (the CLI's one command) does not load them.
    case 'renew':
      return (await import('./exports.js')).renewKeepingExports(env, op, ca, keySource);
    case 'export':
      return (await import('./exports.js')).exportCertificate(env, op, ca);
    case 'signCsr':
      return (await import('./sign.js')).signCsr(env, op, ca);
    default:
      throw new IssueError(tr`unknown operation ${JSON.stringify((op as { kind?: unknown } | undefined)?.kind)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Batches: a whole seed flow (CA + nodes + clients) with key generation in parallel

export interface IssueBatchResult {
  /** One result per operation, in order. */
  readonly results: readonly IssueResult[];
  /** All plans merged (a later file with the same path wins): what the front end writes. */
  readonly plan: WritePlan;
  readonly opensslCommands: readonly string[];
  readonly warnings: readonly string[];
}

function predictedKeyType(op: IssueOperation, caType: KeyType | undefined): KeyType | undefined {
  switch (op.kind) {
    case 'createCa':
      return op.keyType ?? 'rsa2048';
    case 'issueNode':
    case 'issueClient':
      return op.keyType ?? (caType === 'rsa3072' || caType === 'rsa4096' ? 'rsa2048' : caType);
    case 'renew':
      return op.newKey ? op.keyType : undefined;
    default:
      return undefined;
  }
}

/**
 * The key pairs of a batch, generated ahead: one per operation that makes a key, of the type
 * it is predicted to ask for, at most `concurrency` at a time (2: both cores busy, the
 * threadpool still free for file I/O — perf-baseline.md §2), in the operations' order.
 */
export interface BatchKeys {
  /** The pair generated for operation `i` when it asks for the predicted type; else undefined. */
  take(i: number, type: KeyType): Promise<CryptoKeyPair> | undefined;
  /** Starts no more pairs (the batch failed): the process need not wait for keys nobody will use. */
  stop(): void;
}

/**
 * Starts generating a batch's key pairs from the operations alone (and the key type of the
 * CA certificate the batch signs with, when it creates none): a front end calls it as soon as
 * it has read the batch, so that generation (RSA: most of the time) overlaps everything
 * before the first signature — taking the lock, reading and decrypting the CA key. A
 * prediction that turns out wrong (the CA is not what the hint said) costs only the unused
 * pair: the operation gets a fresh one of the type it asks for. Pairs that are never taken
 * are dropped unwritten.
 */
export function startBatchKeys(crypto: Crypto, ops: readonly IssueOperation[], caKeyType?: KeyType, concurrency = 2): BatchKeys {
  let caType = caKeyType;
  const types = ops.map((op) => {
    const t = predictedKeyType(op, caType);
    if (op.kind === 'createCa') caType = t;
    return t;
  });
  const pending: (() => void)[] = [];
  let running = 0;
  const slots = Math.max(1, concurrency);
  const started = types.map((t) => {
    if (!t) return undefined;
    // A pair never started (stop()) stays pending: nothing awaits it once the batch has failed.
    return new Promise<CryptoKeyPair>((resolve, reject) => {
      const go = (): void => {
        running++;
        generateKeyPair(crypto, t).then(resolve, reject).finally(() => {
          running--;
          pending.shift()?.();
        });
      };
      if (running < slots) go();
      else pending.push(go);
    });
  });
  // Unused pairs (an operation failed early) must not surface as unhandled rejections.
  for (const p of started) p?.catch(() => undefined);
  return {
    take: (i, type) => (types[i] === type ? started[i] : undefined),
    stop: () => {
      pending.length = 0;
    },
  };
}

/**
 * The key type of a CA certificate (PEM) read without the CA's lock, as startBatchKeys'
 * hint: undefined when there is none or it does not parse (the batch reads the CA under the
 * lock and reports what is wrong with it).
 */
export function caKeyTypeHint(certPem: string | undefined): KeyType | undefined {
  if (certPem === undefined) return undefined;
  try {
    return certKeyType(parseCertPem(certPem, tr`the CA certificate`));
  } catch {
    return undefined;
  }
}

/**
 * Runs operations in order, each seeing the CA material the earlier ones planned, with
 * their key pairs generated ahead: `keys` when the front end started them (startBatchKeys),
 * else started here.
 */
export async function runIssueBatch(env: Environment, ops: readonly IssueOperation[], ca?: CaMaterial, concurrency = 2, keys?: BatchKeys): Promise<IssueBatchResult> {
  if (!ops.length) throw new IssueError(tr`empty batch`);
  const own = keys ? undefined : startBatchKeys(env.crypto, ops, ca ? certKeyType(parseCertPem(ca.certPem, tr`the CA certificate`)) : undefined, concurrency);
  try {
    return await withBatchCaCache(() => runBatch(env, ops, ca, keys ?? own!));
  } finally {
    own?.stop();
  }
}

async function runBatch(env: Environment, ops: readonly IssueOperation[], ca: CaMaterial | undefined, keys: BatchKeys): Promise<IssueBatchResult> {
  // The CA's files as the earlier operations planned them, by path: an adopted CA's operations carry its layout.
  const overlay = new Map<string, string>();
  const layoutOf = (op: IssueOperation): ProfileLayout => (op.kind === 'createCa' || op.kind === 'createIntermediate' ? profiles[checkProfile(op.profile)].layout : operationProfile(op).layout);
  if (ca) {
    const l = layoutOf(ops[0]!);
    overlay.set(l.caCert, ca.certPem);
    overlay.set(l.caKey, ca.keyPem);
    if (ca.index !== undefined) overlay.set(l.index, ca.index);
    if (ca.crlnumber !== undefined) overlay.set(l.crlnumber, ca.crlnumber);
    if (ca.serial !== undefined) overlay.set(l.serial, ca.serial);
  }
  // What the batch never writes (database attributes, the CA's configuration, the CRLs published with the CA's, its exports) stays as given, for the CA given.
  let kept: Partial<CaMaterial> = ca ? { ...(ca.indexAttr !== undefined ? { indexAttr: ca.indexAttr } : {}), ...(ca.caConfig !== undefined ? { caConfig: ca.caConfig } : {}), ...(ca.parentCrl !== undefined ? { parentCrl: ca.parentCrl } : {}), ...(ca.exports !== undefined ? { exports: ca.exports } : {}) } : {};
  // The passphrase of the CA key: given with the material, or set by the batch's createCa.
  let passphrase = ca?.keyPassphrase;


  const results: IssueResult[] = [];
  const files = new Map<string, PlannedFile>();
  const dirs = new Map<string, PlannedDirectory>();
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    const l = layoutOf(op);
    const serial = l.serials === 'sequential' ? overlay.get(l.serial) : undefined;
    const material: CaMaterial | undefined = overlay.has(l.caCert) && overlay.has(l.caKey) ? { ...kept, certPem: overlay.get(l.caCert)!, keyPem: overlay.get(l.caKey)!, index: overlay.get(l.index), crlnumber: overlay.get(l.crlnumber), ...(serial !== undefined ? { serial } : {}), ...(passphrase !== undefined ? { keyPassphrase: passphrase } : {}) } : undefined;
    if (op.kind === 'createCa') {
      passphrase = op.keyPassphrase;
      kept = {};
    }
    const source: KeySource = (t) => keys.take(i, t) ?? generateKeyPair(env.crypto, t);
    const r = await runIssueOperation(env, op, material, source);
    results.push(r);
    for (const d of r.plan.directories) dirs.set(d.path, d);
    for (const f of r.plan.files) {
      const prev = files.get(f.path);
      files.set(f.path, prev ? { ...f, replace: prev.replace && f.replace } : f);
      overlay.set(f.path, f.contents);
    }
  }
  const directories = [...dirs.values()].sort((a, b) => directoryOrder(a.path, b.path));
  return {
    results,
    plan: { directories, files: [...files.values()] },
    opensslCommands: results.flatMap((r) => r.opensslCommands),
    warnings: [...new Set(results.flatMap((r) => r.warnings))],
  };
}
