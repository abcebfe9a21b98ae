/**
 * Runs heavy decoding in a worker thread (server/src/workers/decode.ts), so a
 * PKCS#12 key derivation or a 100k-entry CRL never stalls hovers and
 * diagnostics. One worker per job: cancelling (`$/cancelRequest`) or a timeout
 * terminates it, which stops the work at once.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Pkcs12Error, type Pkcs12Contents } from '../core/pki/pkcs12';
import { ownBuffer, type PackedFile } from './itemTransfer';
import type { DecodeFileResult } from '../protocol/inspect';

export type DecodeJob =
  | { readonly kind: 'pkcs12'; readonly data: Uint8Array; readonly password: string }
  | { readonly kind: 'view'; readonly path: string; readonly data: Uint8Array }
  /** A workspace file (PkiWorkspace's decodeFile): its items, or the CA database of an index.txt. */
  | { readonly kind: 'items'; readonly path: string; readonly data: Uint8Array; readonly fileKind?: 'pki' | 'text' };

export type DecodeJobResult =
  | { readonly kind: 'pkcs12'; readonly contents: Pkcs12Contents }
  | { readonly kind: 'view'; readonly view: DecodeFileResult }
  | { readonly kind: 'items'; readonly file: PackedFile }
  | { readonly kind: 'error'; readonly message: string; readonly reason?: Pkcs12Error['reason'] };

export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** A job gets this long before its worker is terminated. */
export const jobTimeoutMs = 120_000;

/**
 * The bundled worker (dist/server/workers/decode.js, beside the server's entry
 * whether this code runs from the ESM entry or one of its chunks), or, for tests
 * on the sources, the TypeScript through tsx.
 */
function newWorker(): Worker {
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  const entry = process.argv[1] ? dirname(process.argv[1]) : undefined;
  for (const dir of [here, entry, here && join(here, '..')]) {
    const bundled = dir && join(dir, 'workers', 'decode.js');
    if (bundled && existsSync(bundled)) return new Worker(bundled);
  }
  if (!here || typeof __filename !== 'string') throw new Error('the decode worker (dist/server/workers/decode.js) is missing');
  const source = join(here, '..', 'workers', 'decode.ts');
  // createRequire keeps the bundler from resolving tsx, which only the sources need.
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, { eval: true });
}

/**
 * Runs one job in a fresh worker. With `transfer`, the caller gives up the job's bytes:
 * they are moved to the worker, not copied (a structured clone of a 5 MB CRL costs the
 * event loop milliseconds), when they fill a buffer of their own.
 */
export function runDecodeJob(job: DecodeJob, token?: Cancellation, options: { readonly timeoutMs?: number; readonly transfer?: boolean } = {}): Promise<DecodeJobResult> {
  const timeoutMs = options.timeoutMs ?? jobTimeoutMs;
  if (token?.isCancellationRequested) return Promise.reject(new JobCancelled());
  return new Promise((resolve, reject) => {
    const worker = newWorker();
    let settled = false;
    const finish = (run: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      cancel?.dispose();
      void worker.terminate();
      run();
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`gave up after ${timeoutMs / 1000} s`))), timeoutMs);
    const cancel = token?.onCancellationRequested(() => finish(() => reject(new JobCancelled())));
    worker.once('message', (r: DecodeJobResult) => finish(() => resolve(r)));
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`the decode worker exited (${code})`))));
    const own = options.transfer ? ownBuffer(job.data) : undefined;
    worker.postMessage(job, own ? [own] : []);
  });
}

/** PKCS#12 decryption in the worker; throws Pkcs12Error as decryptPkcs12 does. */
export async function decryptPkcs12OffThread(data: Uint8Array, password: string, token?: Cancellation): Promise<Pkcs12Contents> {
  const r = await runDecodeJob({ kind: 'pkcs12', data, password }, token);
  if (r.kind === 'pkcs12') return r.contents;
  if (r.kind === 'error') throw r.reason ? new Pkcs12Error(r.message, r.reason) : new Error(r.message);
  throw new Error('unexpected worker answer');
}
