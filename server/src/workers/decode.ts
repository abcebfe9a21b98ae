/**
 * The decode worker: PKCS#12 decryption (its key derivation is a loop of
 * millions of hashes) and the decoded view of large files, off the language
 * server's event loop. One job per worker; the server terminates it on
 * cancellation or timeout.
 */
import { parentPort } from 'node:worker_threads';
import { decodeFileBytes } from '../core/pki/files';
import { decryptPkcs12, Pkcs12Error } from '../core/pki/pkcs12';
import { decodedView } from '../node/decodedView';
import { packItems } from '../node/itemTransfer';
import type { DecodeJob, DecodeJobResult } from '../node/offThread';
import { nodePkiCrypto } from '../node/pkiCrypto';

function run(job: DecodeJob): DecodeJobResult {
  try {
    if (job.kind === 'pkcs12') return { kind: 'pkcs12', contents: decryptPkcs12(job.data, job.password, nodePkiCrypto) };
    if (job.kind === 'items') return { kind: 'items', items: packItems(decodeFileBytes(job.path, job.data, nodePkiCrypto)) };
    return { kind: 'view', view: decodedView(job.path, job.data) };
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err), ...(err instanceof Pkcs12Error ? { reason: err.reason } : {}) };
  }
}

parentPort?.once('message', (job: DecodeJob) => parentPort!.postMessage(run(job)));
