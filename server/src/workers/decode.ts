/**
 * The decode worker: PKCS#12 decryption (its key derivation is a loop of
 * millions of hashes) and the decoded view of large files, off the language
 * server's event loop. One job per worker; the server terminates it on
 * cancellation or timeout.
 */
import { parentPort } from 'node:worker_threads';
import { decodeFile } from '../core/pki/model';
import { decryptPkcs12, Pkcs12Error } from '../core/pki/pkcs12';
import { decodedView } from '../node/decodedView';
import { packFile } from '../node/itemTransfer';
import type { DecodeJob, DecodeJobResult } from '../node/offThread';
import { nodePkiCrypto } from '../node/pkiCrypto';

/** The answer, and the buffers of it handed over rather than copied (the worker ends after it). */
function run(job: DecodeJob): { result: DecodeJobResult; transfer?: ArrayBuffer[] } {
  try {
    if (job.kind === 'pkcs12') return { result: { kind: 'pkcs12', contents: decryptPkcs12(job.data, job.password, nodePkiCrypto) } };
    if (job.kind === 'items') {
      const { packed, transfer } = packFile(decodeFile(job.path, job.data, job.fileKind ?? 'pki', nodePkiCrypto));
      return { result: { kind: 'items', file: packed }, transfer };
    }
    return { result: { kind: 'view', view: decodedView(job.path, job.data) } };
  } catch (err) {
    return { result: { kind: 'error', message: err instanceof Error ? err.message : String(err), ...(err instanceof Pkcs12Error ? { reason: err.reason } : {}) } };
  }
}

parentPort?.once('message', (job: DecodeJob) => {
  const { result, transfer } = run(job);
  parentPort!.postMessage(result, transfer ?? []);
});
