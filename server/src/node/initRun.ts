/**
 * A whole cluster from a topology on the local file system: the one driver behind
 * `certwright init` and the language server's `certwright/initCluster` (the palette's
 * "Create Cluster from Topology…"). Reads the topology, plans what is missing
 * (core/issue/topology.ts), issues it in one batch and commits everything under the CA's
 * lock. A dry run plans and issues in memory and writes nothing, not even the CA folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Environment } from '../core/environment';
import { CaStore, protectedFiles, type CommitResult } from '../core/issue/caStore';
import { LAYOUT_FILE } from '../core/issue/layout';
import { plainLayout, resolveCaLayout, type ResolvedLayout } from '../core/issue/caLayout';
import { readCaMaterial } from '../core/issue/renewRun';
import { caKeyTypeHint, runIssueBatch, startBatchKeys, type BatchKeys, type IssueBatchResult } from '../core/issue/run';
import { parseTopology, planInit, type InitPlan, type Topology } from '../core/issue/topology';
import { IssueError, type IssuedSummary, type KeyType, type PlannedFile, type ProfileId, type WritePlan } from '../core/issue/types';
import { tr } from '../core/l10n';
import { nodeFileSystem } from './nodeEnvironment';
import { nodeStoreFs, prepareRoot } from './writePlan';

export interface InitRun {
  /** Absolute path of the cluster's folder (`--dir`): the CA and every certificate are below it. */
  readonly root: string;
  /** Absolute path of the topology file. */
  readonly topology: string;
  readonly profile?: ProfileId;
  readonly keyType?: KeyType;
  /** The passphrase of an existing encrypted CA key. */
  readonly passphrase?: string;
  /** Plan and issue in memory, write nothing. */
  readonly dryRun?: boolean;
  /** Told once when the CA's lock has been waited for a while: who holds it (StoreFs.waiting). */
  readonly waiting?: (message: string) => void;
}

/** A file of the plan without its contents (keys never leave the driver). */
export type InitFile = Omit<PlannedFile, 'contents' | 'encoding'>;

export interface InitRunResult {
  readonly root: string;
  readonly topology: Topology;
  /** Whether the run creates the CA (the folder had none). */
  readonly newCa: boolean;
  /** Node names and `client <user>` whose certificates are issued by this run. */
  readonly issuing: readonly string[];
  /** Node names and `client <user>` whose certificates exist already (kept as they are). */
  readonly existing: readonly string[];
  readonly issued: ReadonlyArray<IssuedSummary & { readonly operation: string }>;
  /** Every file the run writes (dry run: would write), contents left out. */
  readonly files: readonly InitFile[];
  /** Existing files with other contents that the run would refuse to replace. */
  readonly conflicts: readonly string[];
  readonly warnings: readonly string[];
  readonly opensslCommands: readonly string[];
  /** Undefined for a dry run. */
  readonly commit?: CommitResult;
}

const MAX_TOPOLOGY_BYTES = 1024 * 1024;

function readTopology(file: string): string {
  const r = nodeFileSystem.readBoundedSync(file, MAX_TOPOLOGY_BYTES);
  if (!r.ok) throw new IssueError(tr`the topology ${file} ${r.detail}`);
  return new TextDecoder().decode(r.bytes);
}

/** The text of the folder's certwright-layout.json, undefined when it has none. */
function readStoredLayout(root: string): string | undefined {
  const r = nodeFileSystem.readBoundedSync(path.join(root, LAYOUT_FILE), 64 * 1024);
  if (r.ok) return new TextDecoder().decode(r.bytes);
  if (r.refusal === 'missing') return undefined;
  throw new IssueError(tr`${path.join(root, LAYOUT_FILE)} ${r.detail}: it is not a layout file; move it away or run certwright adopt again`);
}

const strip = ({ contents: _c, encoding: _e, ...f }: PlannedFile): InitFile => f;

export async function runInit(env: Environment, req: InitRun): Promise<InitRunResult> {
  const root = path.resolve(req.root);
  // An adopted CA (certwright adopt): the cluster is issued from it, into the places its layout names.
  const stored = readStoredLayout(root);
  const topology = parseTopology(readTopology(req.topology), req.profile, stored === undefined ? undefined : resolveCaLayout(stored, undefined)?.profile);
  const layout = resolveCaLayout(stored, topology.profile)!;
  const exists = (rel: string): boolean => fs.existsSync(path.join(root, rel));
  const plan = planInit(topology, exists, root, req.keyType, undefined, layout.adopted ? plainLayout(layout) : undefined);
  const newCa = plan.operations[0]?.kind === 'createCa';
  // Key generation starts now, before the lock, the CA's files and its key's decryption.
  const caCert = newCa ? undefined : nodeFileSystem.readBoundedSync(path.join(root, layout.caCert), 1024 * 1024);
  const keys = startBatchKeys(env.crypto, plan.operations, caCert?.ok ? caKeyTypeHint(new TextDecoder().decode(caCert.bytes)) : undefined);
  try {
    return await initWith(env, req, { root, stored: stored !== undefined, topology, layout, plan, newCa, keys });
  } finally {
    keys.stop(); // a failed run, or pairs of a wrong prediction: not generated for nothing
  }
}

interface Planned {
  readonly root: string;
  readonly stored: boolean;
  readonly topology: Topology;
  readonly layout: ResolvedLayout;
  readonly plan: InitPlan;
  readonly newCa: boolean;
  readonly keys: BatchKeys;
}

async function initWith(env: Environment, req: InitRun, { root, topology, layout, plan, newCa, keys }: Planned): Promise<InitRunResult> {
  const issuing = plan.operations.flatMap((op) => (op.kind === 'issueNode' ? [op.name ?? ''] : op.kind === 'issueClient' ? [`client ${op.user ?? ''}`] : []));

  /** The batch and the merged plan; `read` reads the CA's files (under the lock when committing). */
  const build = async (read: (rel: string) => Promise<string | undefined>): Promise<{ batch?: IssueBatchResult; all: WritePlan }> => {
    const ca = newCa ? undefined : await readCaMaterial(read, root, layout, req.passphrase, root);
    const batch = plan.operations.length ? await runIssueBatch(env, plan.operations, ca, undefined, keys) : undefined;
    return { ...(batch ? { batch } : {}), all: { directories: [...(batch?.plan.directories ?? []), { path: 'config', mode: 0o700 }], files: [...(batch?.plan.files ?? []), ...plan.configs] } };
  };
  const result = (built: { batch?: IssueBatchResult; all: WritePlan }, conflicts: readonly string[], commit?: CommitResult): InitRunResult => ({
    root,
    topology,
    newCa,
    issuing,
    existing: plan.existing,
    issued: (built.batch?.results ?? []).filter((r) => r.issued).map((r) => ({ operation: r.operation, ...r.issued! })),
    files: (commit ? commit.written : built.all.files).map(strip),
    conflicts,
    warnings: [...(built.batch?.warnings ?? []), ...(commit?.warnings ?? [])],
    opensslCommands: built.batch?.opensslCommands ?? [],
    ...(commit ? { commit } : {}),
  });

  if (req.dryRun) {
    // Nothing is created, not even the folder or the lock: the files are read as they are.
    const read = async (rel: string): Promise<string | undefined> => {
      const r = nodeFileSystem.readBoundedSync(path.join(root, rel), 64 * 1024 * 1024);
      return r.ok ? new TextDecoder().decode(r.bytes) : undefined;
    };
    const built = await build(read);
    const conflicts: string[] = [];
    for (const f of built.all.files) {
      if (f.replace) continue;
      const now = await read(f.path);
      if (now !== undefined && now !== f.contents) conflicts.push(f.path);
    }
    return result(built, conflicts);
  }

  prepareRoot(root);
  const store = await CaStore.open(nodeStoreFs(root, undefined, req.waiting), layout.caDir);
  try {
    const built = await build((p) => store.read(p));
    const commit = await store.commit(built.all, { force: false, protect: protectedFiles(layout), description: `init of ${topology.nodes.length} hosts (${plan.operations.length} operations)` });
    return result(built, [], commit);
  } finally {
    await store.release();
  }
}
