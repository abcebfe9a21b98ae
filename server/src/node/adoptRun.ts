/**
 * Adopting a CA on the local file system: the one driver behind `certwright adopt` and the
 * language server's `certwright/adoptCa` (the palette's "Adopt Existing CA…"). Finds the
 * source's files below the layout root, runs the pure planAdoption under the CA lock and
 * commits its plan, which adds files and never rewrites one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cockroachLayout, easyRsaLayout, insideRoot, opensslLayout, planAdoption, type AdoptReport, type AdoptSource, type ProposedLayout } from '../core/issue/adopt';
import { CaStore, protectedFiles, type CommitResult } from '../core/issue/caStore';
import type { Environment } from '../core/environment';
import { IssueError, type ProfileId } from '../core/issue/types';
import { nodeFileSystem } from './nodeEnvironment';
import { nodeStoreFs } from './writePlan';

export interface AdoptRun {
  readonly from: AdoptSource;
  /** Absolute path of the layout root (`--dir`): every file of the CA is below it. */
  readonly root: string;
  /** Absolute path of the source: the openssl configuration, the pki/ folder, the certs dir. */
  readonly source: string;
  readonly profile: ProfileId;
  /** cockroach: the CA key (absolute); default `<certs>/../my-safe-directory/ca.key`. */
  readonly caKey?: string;
  readonly passphrase?: string;
  readonly dryRun?: boolean;
  /** Told once when the CA's lock has been waited for a while: who holds it (StoreFs.waiting). */
  readonly waiting?: (message: string) => void;
  /** The user agreed to create the state files the CA does not keep. */
  readonly createMissing?: boolean;
  /** Replace an existing certwright-layout.json. */
  readonly force?: boolean;
}

export interface AdoptRunResult {
  readonly report: AdoptReport;
  /** Undefined for a dry run. */
  readonly commit?: CommitResult;
}

const MAX_SOURCE_BYTES = 1024 * 1024;

function readSource(file: string, what: string): string {
  const r = nodeFileSystem.readBoundedSync(file, MAX_SOURCE_BYTES);
  if (!r.ok) throw new IssueError(`${what} ${file} ${r.detail}`);
  return new TextDecoder().decode(r.bytes);
}

const rel = (root: string, abs: string): string => path.relative(root, abs).split(path.sep).join('/');

/** Certificates in a cockroach certs dir other than the CA's: node.crt, client.<user>.crt, and the same in per-node folders. */
function cockroachLeaves(root: string, certsAbs: string): Array<{ path: string; pem: string }> {
  const out: Array<{ path: string; pem: string }> = [];
  const scan = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory() && depth === 0) scan(abs, 1);
      else if (e.isFile() && /^(node|client\.[^/]+)\.crt$/.test(e.name)) out.push({ path: rel(root, abs), pem: readSource(abs, 'the certificate') });
    }
  };
  scan(certsAbs, 0);
  return out;
}

function propose(env: Environment, req: AdoptRun): { proposed: ProposedLayout; unrecorded?: Array<{ path: string; pem: string }> } {
  const { root, source, from, profile } = req;
  const st = fs.statSync(source, { throwIfNoEntry: false });
  if (!st) throw new IssueError(`${source} does not exist`);
  const srcRel = insideRoot('the CA', source, root, '', true);
  switch (from) {
    case 'openssl':
      if (!st.isFile()) throw new IssueError(`adopting an openssl CA takes the configuration file it is run with (openssl ca -config FILE), not the folder ${source}`);
      return { proposed: opensslLayout(readSource(source, 'the openssl configuration'), srcRel, root, profile, { fs: env.fs, folder: root }) };
    case 'easy-rsa': {
      if (!st.isDirectory()) throw new IssueError(`adopting an easy-rsa CA takes its pki/ folder, not ${source}`);
      const pki = fs.existsSync(path.join(source, 'ca.crt')) || !fs.existsSync(path.join(source, 'pki')) ? source : path.join(source, 'pki');
      return { proposed: easyRsaLayout(insideRoot('the pki folder', pki, root, '', true), profile) };
    }
    case 'cockroach': {
      if (!st.isDirectory()) throw new IssueError(`adopting a cockroach cert CA takes its certs dir (the one with ca.crt), not ${source}`);
      const key = req.caKey ?? path.join(path.dirname(source), 'my-safe-directory', 'ca.key');
      if (!fs.existsSync(key)) throw new IssueError(`no CA key at ${key}: name it (cockroach cert create-ca --ca-key)`);
      return { proposed: cockroachLayout(srcRel, insideRoot('the CA key', key, root), profile), unrecorded: cockroachLeaves(root, source) };
    }
    default:
      throw new IssueError(`unknown kind of CA ${JSON.stringify(from)}: openssl, easy-rsa or cockroach`);
  }
}

export async function runAdoption(env: Environment, req: AdoptRun): Promise<AdoptRunResult> {
  if (!fs.statSync(req.root, { throwIfNoEntry: false })?.isDirectory()) throw new IssueError(`${req.root} is not a folder`);
  const { proposed, unrecorded } = propose(env, req);
  const store = await CaStore.open(nodeStoreFs(req.root, undefined, req.waiting), proposed.layout.caDir);
  try {
    const report = await planAdoption(env, { from: req.from, proposed, read: (p) => store.read(p), ...(req.passphrase !== undefined ? { passphrase: req.passphrase } : {}), ...(unrecorded ? { unrecorded } : {}) });
    if (req.dryRun) return { report };
    if (report.creates.length && !req.createMissing) {
      throw new IssueError(`this CA does not keep ${report.creates.join(', ')}, which Certwright needs to carry on; nothing was written. Agree to create them (--create-missing; existing files are never changed), or look at the whole report first (--dry-run)`);
    }
    const commit = await store.commit(report.plan, { ...(req.force ? { force: true } : {}), protect: protectedFiles(report.layout), description: `adopt the ${req.from} CA` });
    return { report, commit };
  } finally {
    await store.release();
  }
}
