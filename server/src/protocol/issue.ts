/**
 * `certwright/issue`: the client sends an operation (create CA, issue node or
 * client cert, revoke, publish CRL, renew) plus the CA material it read through
 * `vscode.workspace.fs`; the server generates keys (async WebCrypto on the
 * threadpool, never in the extension host), signs, and answers with a WRITE
 * PLAN the client executes through `vscode.workspace.fs`, the equivalent openssl
 * commands and warnings. Private keys appear only inside plan file contents.
 *
 * Type-only: no runtime imports, so the client bundles nothing of the server.
 */
import type { CaMaterial, IssueOperation, IssueResult, KeyType, ProfileId, ProfileLayout } from '../core/issue/types';
import type { IssueBatchResult } from '../core/issue/run';
import type { RotationRunRequest, RotationRunResult } from '../core/issue/rotationRun';
import type { AdoptReport, AdoptSource } from '../core/issue/adopt';

export type {
  CaMaterial,
  CreateCaOperation,
  IssueClientOperation,
  IssueNodeOperation,
  IssueOperation,
  IssueResult,
  IssuedSummary,
  KeyType,
  PlannedDirectory,
  PlannedFile,
  PlannedFileKind,
  ProfileId,
  ProfileLayout,
  PublishCrlOperation,
  RenewOperation,
  RevokeOperation,
  WritePlan,
} from '../core/issue/types';

/** Method: request, client → server. Params `IssueParams`, result `IssueResult`. */
export const issueRequest = 'certwright/issue';

/**
 * Method: request, client → server. A key and a certificate request with a profile's names
 * (the CSR kit, `certwright csr`): the plan writes the key (0600) and the request in a folder
 * the client chose; nothing of a CA is read or written.
 */
export const makeCsrRequest = 'certwright/makeCsr';
export type { CsrRequest as MakeCsrParams, CsrResult as MakeCsrResult } from '../core/issue/csr';

export interface IssueParams {
  readonly operation: IssueOperation;
  /**
   * The CA's files at `ProfileLayout` paths (`caCert`, `caKey`, `index`, `crlnumber`),
   * required for every operation except `createCa`.
   */
  readonly ca?: CaMaterial;
}

/** On failure the server answers a ResponseError with code `issueInvalidInput` and a user-facing message. */
export const issueInvalidInput = -32602;

/** Method: request, client → server. Where a profile keeps its files (relative to the layout root). */
export const issueLayoutRequest = 'certwright/issueLayout';

export interface IssueLayoutParams {
  /** Required without `stored`; with it, left out means the adopted CA's own profile. */
  readonly profile?: ProfileId;
  /**
   * The text of the CA folder's `certwright-layout.json` (written by `certwright adopt`),
   * when it has one: the answer is then that adopted CA's layout (core/issue/caLayout.ts,
   * the resolver the CLI uses), with `adopted: true`.
   */
  readonly stored?: string;
}

export type IssueLayoutResult = ProfileLayout & {
  /** The layout is an adopted CA's: operations on it carry it (`layout`). */
  readonly adopted?: true;
  /** CRL files published after the CA's own (an intermediate's copy of its parent's, the other CA's during a rotation): read them into CaMaterial.parentCrl. */
  readonly appendedCrls?: readonly string[];
  /** The CA rotation's state file (`certwright ca rotate`): JSON with `phase`, `old.sha256`, `new.sha256`. */
  readonly rotationState?: string;
  /** Where the CA records its exports (`certwright export`): read it into CaMaterial.exports, renewals write them again. */
  readonly exports: string;
};

export type { IssueResult as IssueResponse };

/**
 * Method: request, client → server. Several operations in order (e.g. CA + 3 nodes + 2
 * clients), each seeing the CA material the earlier ones planned; keys generated in
 * parallel (2 at a time). Result: one merged write plan + per-operation results.
 */
export const issueBatchRequest = 'certwright/issueBatch';

export interface IssueBatchParams {
  readonly operations: readonly IssueOperation[];
  readonly ca?: CaMaterial;
}

export type { IssueBatchResult };

/**
 * Method: request, client → server. One step of a CA rotation (`certwright ca rotate`) on a
 * CA folder of the local file system (`file:` workspaces; the server runs the same driver
 * as the CLI, under the CA lock), or `status`; `dryRun` plans without writing.
 */
export const rotateCaRequest = 'certwright/rotateCa';

export interface RotateCaParams extends RotationRunRequest {
  /** Absolute path of the CA folder (the layout root). */
  readonly dir: string;
}

export type RotateCaResult = RotationRunResult;
export type { RotationStatus, RotationStep, RotationResult, StepInfo } from '../core/issue/rotation';

/**
 * Method: request, client → server. Adopt an existing CA (`openssl ca`, easy-rsa,
 * `cockroach cert`) in place on the local file system: the CLI's driver (`certwright
 * adopt`) under the CA lock. `dryRun` reports what was found and what would be written;
 * the state files the CA does not keep are created only with `createMissing`.
 */
export const adoptCaRequest = 'certwright/adoptCa';

export interface AdoptCaParams {
  readonly from: AdoptSource;
  /** Absolute path of the layout root; every file of the CA is below it. */
  readonly dir: string;
  /** Absolute path of the openssl configuration, the pki/ folder or the certs dir. */
  readonly source: string;
  /** Default: cockroach for a cockroach cert CA, else generic. */
  readonly profile?: ProfileId;
  /** cockroach: absolute path of the CA key. */
  readonly caKey?: string;
  /** An encrypted CA key's passphrase: used for this request only, never logged or stored. */
  readonly passphrase?: string;
  readonly dryRun?: boolean;
  readonly createMissing?: boolean;
}

export interface AdoptCaResult {
  readonly report: AdoptReport;
  /** What was written (paths and descriptions; never contents). Empty for a dry run. */
  readonly written: ReadonlyArray<{ readonly path: string; readonly description: string; readonly mode: number }>;
}
export type { AdoptReport, AdoptSource } from '../core/issue/adopt';

/**
 * Method: request, client → server. A whole cluster from a topology file (`certwright
 * init`) on the local file system: the CLI's driver under the CA lock. `dryRun` says what
 * is new and what exists, and lists every file it would write (never contents).
 */
export const initClusterRequest = 'certwright/initCluster';

export interface InitClusterParams {
  /** Absolute path of the cluster's folder: the CA (existing or created) and every certificate below it. */
  readonly dir: string;
  /** Absolute path of the topology file (TiUP DM topology, node list, list of hosts). */
  readonly topology: string;
  readonly profile?: ProfileId;
  readonly keyType?: KeyType;
  /** An existing encrypted CA key's passphrase: used for this request only, never logged or stored. */
  readonly passphrase?: string;
  readonly dryRun?: boolean;
}

export type { InitRunResult as InitClusterResult, InitFile } from '../node/initRun';
export type { Topology, TopologyNode } from '../core/issue/topology';
