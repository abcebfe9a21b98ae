/**
 * The pki corpus (test/fixtures/pki/real-world) and what OpenSSL made of it, recorded in its
 * openssl.json by record-openssl.mjs: the objects of each file and the verdict on each chain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const corpusRoot = join(__dirname, '..', '..', 'fixtures', 'pki', 'real-world');

/** One object of a file as OpenSSL read it: its fields as `-text` shows them. */
export interface RecordedObject {
  readonly index: number;
  readonly label?: string;
  readonly kind: 'certificate' | 'crl' | 'csr' | 'privateKey' | 'publicKey' | 'pkcs7' | 'parameters';
  readonly ok: boolean;
  readonly [field: string]: unknown;
}

/** A chain of corpus files and `openssl verify`'s verdict on it. */
export interface RecordedChain {
  readonly name: string;
  readonly target: string;
  readonly anchors: readonly string[];
  readonly untrusted: readonly string[];
  readonly attime: number;
  readonly verify: { readonly ok: boolean; readonly errors: readonly { code: number; depth: number; message: string }[] };
}

export interface OpensslRecord {
  readonly files: Record<string, { format: 'pem' | 'der'; objects: RecordedObject[] }>;
  readonly chains: RecordedChain[];
}

export function readOpensslRecord(): OpensslRecord {
  return JSON.parse(readFileSync(join(corpusRoot, 'openssl.json'), 'utf8')) as OpensslRecord;
}
