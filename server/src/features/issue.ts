/**
 * Server side of certificate issuing: `certwright/issue` runs the pure issuing
 * core in the language-server process (key generation is async WebCrypto on
 * libuv's threadpool, so neither this process nor the extension host blocks)
 * and returns the write plan for the client to execute via workspace.fs.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ResponseError, type CancellationToken } from 'vscode-languageserver';
import { LAYOUT_FILE } from '../core/issue/layout';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type * as IssueOperations from '../core/issue/run';
import type { IssueBatchResult } from '../core/issue/run';
import { exportsFile, profileLayout } from '../core/issue/profiles';
import { adoptedRotationRefusal, plainLayout, resolveCaLayout } from '../core/issue/caLayout';
import { appendedCrlPaths, rotationPaths } from '../core/issue/rotationPaths';
import { IssueError, type IssueResult } from '../core/issue/types';
import { checkKeyType, checkProfile } from '../core/issue/validate';
import { adoptCaRequest, initClusterRequest, issueBatchRequest, issueInvalidInput, issueLayoutRequest, issueRequest, makeCsrRequest, rotateCaRequest, type MakeCsrParams, type MakeCsrResult, type IssueBatchParams, type IssueLayoutParams, type IssueLayoutResult, type IssueParams, type RotateCaParams, type RotateCaResult, type AdoptCaParams, type AdoptCaResult, type InitClusterParams, type InitClusterResult } from '../protocol/issue';
import { WritePlanError } from '../core/issue/caStore';
import { tr } from '../core/l10n';
import type { FeatureContext, LanguageFeature } from './feature';

/** The X.509 stack is half the server's code: loaded on the first issuing request, not at start. */
const operations = (): Promise<typeof IssueOperations> => import('../core/issue/run.js');

async function handleIssue(params: IssueParams, ctx: FeatureContext, token: CancellationToken): Promise<IssueResult | ResponseError<void>> {
  try {
    const started = Date.now();
    const { runIssueOperation } = await operations();
    const result = await runIssueOperation(ctx.env, params?.operation, params?.ca);
    if (token.isCancellationRequested) return new ResponseError(-32800, 'cancelled');
    ctx.log(`issue: ${result.operation} (${result.profile}) planned ${result.plan.files.length} file(s) in ${Date.now() - started} ms`);
    return result;
  } catch (err) {
    if (err instanceof IssueError) return new ResponseError(issueInvalidInput, err.message);
    ctx.log(`issue: ${params?.operation?.kind ?? '?'} failed: ${err instanceof Error ? err.message : String(err)}`);
    return new ResponseError(-32603, tr`issuing failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function handleBatch(params: IssueBatchParams, ctx: FeatureContext, token: CancellationToken): Promise<IssueBatchResult | ResponseError<void>> {
  try {
    if (!Array.isArray(params?.operations)) return new ResponseError(issueInvalidInput, tr`operations must be an array`);
    const { runIssueBatch } = await operations();
    const result = await runIssueBatch(ctx.env, params.operations, params.ca);
    if (token.isCancellationRequested) return new ResponseError(-32800, 'cancelled');
    return result;
  } catch (err) {
    if (err instanceof IssueError) return new ResponseError(issueInvalidInput, err.message);
    return new ResponseError(-32603, tr`issuing failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A CA rotation step on a local folder: the CLI's driver (lock, journal, clean-up) with node fs. */
async function handleRotate(params: RotateCaParams, ctx: FeatureContext): Promise<RotateCaResult | ResponseError<void>> {
  try {
    if (typeof params?.dir !== 'string' || !params.dir.startsWith('/')) return new ResponseError(issueInvalidInput, tr`dir must be an absolute path of the local file system`);
    const profile = checkProfile(params.profile);
    // As `certwright ca rotate`: an adopted openssl ca or easy-rsa CA rotates in its own layout; another adopted CA is refused with the choices.
    const stored = join(params.dir, LAYOUT_FILE);
    let adopted: ReturnType<typeof plainLayout> | undefined;
    if (existsSync(stored)) {
      const r = await ctx.env.fs.readBounded(stored, 64 * 1024);
      const layout = r.ok ? resolveCaLayout(new TextDecoder().decode(r.bytes), profile) : undefined;
      const refused = layout ? adoptedRotationRefusal(params.dir, layout) : tr`${params.dir} holds an adopted CA (${LAYOUT_FILE}) that cannot be read (${r.ok ? '' : r.detail}): it is not rotated`;
      if (refused) return new ResponseError(issueInvalidInput, refused);
      adopted = plainLayout(layout!);
    }
    const [{ runRotation }, { nodeStoreFs }, { rotationCandidates }, { leafFolders }] = await Promise.all([import('../core/issue/rotationRun.js'), import('../node/writePlan.js'), import('../node/rotationFiles.js'), import('../core/issue/rotation.js')]);
    const started = Date.now();
    const layout = adopted ?? profileLayout(profile);
    const result = await runRotation(ctx.env, nodeStoreFs(params.dir), () => rotationCandidates(params.dir, layout.caDir, leafFolders(layout)), { profile, step: params.step, ...(params.options ? { options: params.options } : {}), ...(params.dryRun ? { dryRun: true } : {}), ...(adopted ? { layout: adopted } : {}) });
    ctx.log(`rotate: ${params.step}${params.dryRun ? ' (dry run)' : ''} on ${params.dir}: ${result.status.phase} in ${Date.now() - started} ms`);
    return result;
  } catch (err) {
    if (err instanceof IssueError || err instanceof WritePlanError) return new ResponseError(issueInvalidInput, err.message);
    return new ResponseError(-32603, tr`rotation failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Adopting an existing CA on a local folder: the CLI's driver (`certwright adopt`). The passphrase is never logged. */
async function handleAdopt(params: AdoptCaParams, ctx: FeatureContext): Promise<AdoptCaResult | ResponseError<void>> {
  try {
    if (typeof params?.dir !== 'string' || !params.dir.startsWith('/') || typeof params.source !== 'string' || !params.source.startsWith('/')) return new ResponseError(issueInvalidInput, tr`dir and source must be absolute paths of the local file system`);
    const profile = checkProfile(params.profile ?? (params.from === 'cockroach' ? 'cockroach' : 'generic'));
    const { runAdoption } = await import('../node/adoptRun.js');
    const r = await runAdoption(ctx.env, {
      from: params.from,
      root: params.dir,
      source: params.source,
      profile,
      ...(typeof params.caKey === 'string' ? { caKey: params.caKey } : {}),
      ...(typeof params.passphrase === 'string' ? { passphrase: params.passphrase } : {}),
      ...(params.dryRun ? { dryRun: true } : {}),
      ...(params.createMissing ? { createMissing: true } : {}),
    });
    ctx.log(`adopt: ${params.from} CA in ${params.dir}${params.dryRun ? ' (dry run)' : `: ${r.commit?.written.length ?? 0} file(s) written`}`);
    return { report: r.report, written: (r.commit?.written ?? []).map((w) => ({ path: w.path, description: w.description, mode: w.mode })) };
  } catch (err) {
    if (err instanceof IssueError || err instanceof WritePlanError) return new ResponseError(issueInvalidInput, err.message);
    return new ResponseError(-32603, tr`adopting failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A cluster from a topology on a local folder: the CLI's driver (`certwright init`). The passphrase is never logged. */
async function handleInit(params: InitClusterParams, ctx: FeatureContext): Promise<InitClusterResult | ResponseError<void>> {
  try {
    if (typeof params?.dir !== 'string' || !params.dir.startsWith('/') || typeof params.topology !== 'string' || !params.topology.startsWith('/')) return new ResponseError(issueInvalidInput, tr`dir and topology must be absolute paths of the local file system`);
    const profile = params.profile === undefined ? undefined : checkProfile(params.profile);
    const keyType = params.keyType === undefined ? undefined : checkKeyType(params.keyType);
    const { runInit } = await import('../node/initRun.js');
    const started = Date.now();
    const r = await runInit(ctx.env, {
      root: params.dir,
      topology: params.topology,
      ...(profile ? { profile } : {}),
      ...(keyType ? { keyType } : {}),
      ...(typeof params.passphrase === 'string' ? { passphrase: params.passphrase } : {}),
      ...(params.dryRun ? { dryRun: true } : {}),
    });
    ctx.log(`init: ${r.topology.nodes.length} hosts in ${params.dir}${params.dryRun ? ' (dry run)' : ''}: ${r.issuing.length} to issue, ${r.existing.length} existing, ${r.files.length} file(s) in ${Date.now() - started} ms`);
    // The commit's own record carries file contents (keys): only paths and descriptions go back.
    const { commit: _, ...rest } = r;
    return rest;
  } catch (err) {
    if (err instanceof IssueError || err instanceof WritePlanError) return new ResponseError(issueInvalidInput, err.message);
    return new ResponseError(-32603, tr`init failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const issueFeature: LanguageFeature = {
  name: 'issue',
  appliesTo: (_doc: TextDocument) => false,
  register(ctx) {
    ctx.connection.onRequest(issueRequest, (params: IssueParams, token: CancellationToken) => handleIssue(params, ctx, token));
    ctx.connection.onRequest(issueBatchRequest, (params: IssueBatchParams, token: CancellationToken) => handleBatch(params, ctx, token));
    ctx.connection.onRequest(rotateCaRequest, (params: RotateCaParams) => handleRotate(params, ctx));
    ctx.connection.onRequest(adoptCaRequest, (params: AdoptCaParams) => handleAdopt(params, ctx));
    ctx.connection.onRequest(initClusterRequest, (params: InitClusterParams) => handleInit(params, ctx));
    ctx.connection.onRequest(makeCsrRequest, async (params: MakeCsrParams): Promise<MakeCsrResult | ResponseError<void>> => {
      try {
        // Through the one issuing chunk: a second split point into the X.509 stack would let
        // the bundler evaluate @peculiar/x509 before its reflect-metadata polyfill.
        const { makeCsr } = await operations();
        return await makeCsr(ctx.env, params);
      } catch (err) {
        if (err instanceof IssueError) return new ResponseError(issueInvalidInput, err.message);
        return new ResponseError(-32603, tr`the request could not be made: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
    ctx.connection.onRequest(issueLayoutRequest, (params: IssueLayoutParams): IssueLayoutResult | ResponseError<void> => {
      try {
        if (params?.stored !== undefined && typeof params.stored !== 'string') return new ResponseError(issueInvalidInput, tr`stored must be the text of certwright-layout.json`);
        // With a stored layout the profile may be left out: the adopted CA's own is used.
        const layout = resolveCaLayout(params?.stored, params?.stored !== undefined && params.profile === undefined ? undefined : checkProfile(params?.profile))!;
        return { ...layout, appendedCrls: appendedCrlPaths(layout), rotationState: rotationPaths(layout).state, exports: exportsFile(layout) };
      } catch (err) {
        return new ResponseError(issueInvalidInput, err instanceof Error ? err.message : String(err));
      }
    });
  },
};
