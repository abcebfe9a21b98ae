/**
 * `certwright issue --batch FILE`: several issuing operations in one process (a CA and a
 * cluster's node and client certificates), the core's runIssueBatch — the same one the
 * language server's `certwright/issueBatch` runs — then one commit through the CA store,
 * under the CA's lock, as every single issuing command does. One Node start and one load
 * of the X.509 stack for the whole set, keys generated two at a time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IssueError, profileLayout, runIssueBatch, type CaMaterial, type IssueBatchResult, type IssueOperation } from '../core/issue';
import { caKeyTypeHint, startBatchKeys, type BatchKeys } from '../core/issue/run';
import { CaStore, operationFingerprint, protectedFiles, type CommitResult, type Recovery } from '../core/issue/caStore';
import { nodeEnvironment, nodeFileSystem } from '../node/nodeEnvironment';
import { nodeStoreFs, prepareRoot } from '../node/writePlan';
import { UsageError, type CliCommand, type CliIo } from './command';
import { readPassphrase } from './passphrase';
import { commonOptions, commonOptionsHelp, detectProfile, operationFailure, profileOption, readCaMaterial, requireDir, refuseAdopted } from './issue';
import { parseArgs } from './args';
import { tr } from '../core/l10n';
import { completedLine, fail, issuedLine, lockWaitNote, noteLine, oct, printJson, printOpenssl, recoveredLine, unchangedLine, warningLine, writtenLine } from './report';

const help = [
  tr`Usage: certwright issue --batch FILE --dir DIR [options]
       certwright issue node|client ...   (one certificate: see their --help)`,
  tr`Runs every operation of FILE in order, in one process, on one CA: each sees the
CA the earlier ones made, keys are generated two at a time, and all files are
committed at the end under the CA's lock (nothing is written if any operation is
refused; an interrupted commit is completed or rolled back by the next run). FILE
is a JSON array of operations, the same objects the language server's
certwright/issueBatch request takes, e.g. the CockroachDB seed set:`,
  // JSON: the same in every language.
  [
    `  [ { "kind": "createCa", "profile": "cockroach", "keyType": "p256" },
    { "kind": "issueNode", "name": "node1", "sans": ["node1", "localhost", "127.0.0.1"] },
    { "kind": "issueNode", "name": "node2", "sans": ["node2", "localhost"] },
    { "kind": "issueClient", "user": "root" } ]`,
  ],
  tr`Kinds: createCa, issueNode, issueClient, revoke, publishCrl, renew. An
operation without "profile" takes --profile, else the profile of the batch's
createCa, else the CA found in DIR. A batch without createCa signs with the CA in
DIR.`,
  [
    tr`Options:`,
    tr`  --batch FILE         the operations (JSON)`,
    tr`  --profile P          cockroach|dm|postgres|generic for operations that name none`,
    ...commonOptionsHelp,
  ],
];

/** Reads and shapes the batch file; every check beyond the shape is the core's. */
export function readBatch(file: string, defaultProfile: string | undefined): IssueOperation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(tr`cannot read the batch ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(parsed) || !parsed.length) throw new UsageError(tr`the batch ${file} must be a non-empty JSON array of operations`);
  const firstCa = parsed.find((o: unknown) => typeof o === 'object' && o !== null && (o as { kind?: unknown }).kind === 'createCa') as { profile?: unknown } | undefined;
  const fallback = defaultProfile ?? (typeof firstCa?.profile === 'string' ? firstCa.profile : undefined);
  return parsed.map((o: unknown, i) => {
    if (typeof o !== 'object' || o === null || Array.isArray(o) || typeof (o as { kind?: unknown }).kind !== 'string') {
      throw new UsageError(tr`operation ${i + 1} of ${file} is not an object with a "kind"`);
    }
    const op = o as { profile?: unknown };
    if (op.profile === undefined) {
      if (!fallback) throw new UsageError(tr`operation ${i + 1} of ${file} names no "profile" and neither --profile nor a createCa in the batch gives one`);
      return { ...op, profile: fallback } as IssueOperation;
    }
    return op as IssueOperation;
  });
}

/** A certificate file's text, undefined when it is not a readable regular file of at most 1 MiB (a hint, not the CA's state: that is read under the lock). */
function readIfThere(file: string): string | undefined {
  const r = nodeFileSystem.readBoundedSync(file, 1024 * 1024);
  return r.ok ? new TextDecoder().decode(r.bytes) : undefined;
}

export const issueBatchCommand: CliCommand = {
  path: ['issue'],
  summary: tr`Issue several certificates in one process from a JSON batch (e.g. CA + nodes + clients)`,
  help,
  async run(args, io: CliIo) {
    const v = parseArgs(args, { ...commonOptions, batch: { type: 'string' }, profile: { type: 'string' } }).values;
    if (!v.batch) throw new UsageError(tr`'certwright issue' needs --batch FILE, or one of: node, client`);
    const dir = requireDir(io, v.dir);
    refuseAdopted(dir, 'issue --batch');
    const given = v.profile === undefined ? undefined : profileOption(v.profile, true);
    const ops = readBatch(path.resolve(io.cwd, v.batch), given ?? (fs.existsSync(dir) ? detectProfile(dir) : undefined));
    const profile = ops[0]!.profile;
    if (ops.some((o) => o.profile !== profile)) throw new UsageError(tr`a batch works on one CA: every operation must name the same profile`);
    const layout = profileLayout(profile);
    let batch: IssueBatchResult;
    let exec: CommitResult;
    let root: string;
    let recovered: Recovery | undefined;
    const env = nodeEnvironment();
    let keys: BatchKeys | undefined;
    try {
      const needsCa = ops[0]!.kind !== 'createCa';
      // Like the single commands, only a batch that creates its CA makes folders: a mistyped
      // --dir creates nothing.
      if (needsCa && !fs.existsSync(path.join(dir, layout.caKey))) throw new IssueError(tr`no ${profile} CA in ${dir}: expected ${layout.caCert} and ${layout.caKey} (create one with: certwright ca create --profile ${profile} --dir ${dir}, or start the batch with a createCa)`);
      // Key generation starts now, before the lock, the CA's files and its key's decryption.
      keys = startBatchKeys(env.crypto, ops, needsCa ? caKeyTypeHint(readIfThere(path.join(dir, layout.caCert))) : undefined);
      const fingerprint = ops.map(operationFingerprint).join('+');
      ({ root } = prepareRoot(dir));
      const store = await CaStore.open(nodeStoreFs(root, undefined, lockWaitNote(io)), layout.caDir);
      try {
        recovered = store.recovered;
        if (recovered?.action === 'completed' && recovered.fingerprint === fingerprint) {
          // The interrupted run of this very batch has just been completed: do not do it twice.
          for (const f of recovered.files) io.out(completedLine(path.join(root, f)));
          io.err(noteLine(tr`the interrupted run of this batch was completed now; nothing else to do`));
          if (v.json) printJson(io, { ok: true, recovered });
          keys.stop();
          return 0;
        }
        const ca: CaMaterial | undefined = needsCa ? await readCaMaterial(store, dir, profile, readPassphrase(v.passin, '--passin', io.cwd)) : undefined;
        batch = await runIssueBatch(env, ops, ca, undefined, keys);
        keys.stop(); // pairs of a wrong prediction: not generated for nothing
        exec = await store.commit(batch.plan, { force: v.force, protect: protectedFiles(layout), description: `batch of ${ops.length} operations`, fingerprint });
      } finally {
        await store.release();
      }
    } catch (e) {
      keys?.stop();
      const failure = operationFailure(e);
      if (failure === undefined) throw e;
      return fail(io, v.json, failure);
    }
    if (recovered) io.err(recoveredLine(recovered));
    const warnings = [...batch.warnings, ...exec.warnings];
    if (v.json) {
      const written = exec.written.map((w) => ({ path: w.path, absolutePath: path.join(root, w.path), kind: w.kind, mode: oct(w.mode), description: w.description, replaced: w.replaced }));
      const issued = batch.results.map((r) => ({ operation: r.operation, profile: r.profile, issued: r.issued }));
      printJson(io, { ok: true, dir: root, results: issued, written, unchanged: exec.unchanged, warnings, opensslCommands: batch.opensslCommands });
      return 0;
    }
    for (const w of warnings) io.err(warningLine(w));
    for (const r of batch.results) {
      if (r.issued) io.out(issuedLine(r.issued));
    }
    for (const w of exec.written) io.out(writtenLine(root, w));
    for (const u of exec.unchanged) io.out(unchangedLine(path.join(root, u)));
    if (v['print-openssl']) printOpenssl(io, batch.opensslCommands);
    return 0;
  },
};
