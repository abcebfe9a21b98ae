/**
 * What each PEM label holds: the one table the block scanner (blocks.ts) and the PKI reader
 * (pki/files.ts) read. The labels are those OpenSSL writes (`PEM_STRING_*` of <openssl/pem.h>;
 * test/unit/pem/labels.test.ts has the real openssl write each), the older names it still
 * reads (X509 CERTIFICATE), and OpenSSH's private key.
 */
import type { ObjectKind } from './types';

/** How a private key's DER is laid out, as its label says. */
export type PrivateKeyForm = 'pkcs8' | 'pkcs1' | 'sec1' | 'dsa' | 'encrypted' | 'openssh';

/** What a block holds: an object Certwright decodes, or one it knows and leaves alone (parameters, a TLS session, an attribute certificate). */
export type LabelKind = Exclude<ObjectKind, 'unknown'> | 'parameters' | 'session' | 'attributeCertificate';

export interface PemLabel {
  readonly kind: LabelKind;
  /** Private keys only: the layout its DER is read in. */
  readonly keyForm?: PrivateKeyForm;
}

const table: ReadonlyArray<readonly [string, LabelKind, PrivateKeyForm?]> = [
  ['CERTIFICATE', 'certificate'],
  ['TRUSTED CERTIFICATE', 'certificate'],
  ['X509 CERTIFICATE', 'certificate'],
  ['CERTIFICATE REQUEST', 'csr'],
  ['NEW CERTIFICATE REQUEST', 'csr'],
  ['X509 CRL', 'crl'],
  // The first label of each form is the one that form is read with (labelOfKeyForm).
  ['PRIVATE KEY', 'privateKey', 'pkcs8'],
  ['ENCRYPTED PRIVATE KEY', 'privateKey', 'encrypted'],
  ['RSA PRIVATE KEY', 'privateKey', 'pkcs1'],
  ['EC PRIVATE KEY', 'privateKey', 'sec1'],
  ['DSA PRIVATE KEY', 'privateKey', 'dsa'],
  ['OPENSSH PRIVATE KEY', 'privateKey', 'openssh'],
  ['PUBLIC KEY', 'publicKey'],
  ['RSA PUBLIC KEY', 'publicKey'],
  ['PKCS7', 'pkcs7'],
  ['CMS', 'pkcs7'],
  ['DH PARAMETERS', 'parameters'],
  ['X9.42 DH PARAMETERS', 'parameters'],
  ['EC PARAMETERS', 'parameters'],
  ['DSA PARAMETERS', 'parameters'],
  ['SM2 PARAMETERS', 'parameters'],
  ['PARAMETERS', 'parameters'],
  ['SSL SESSION PARAMETERS', 'session'],
  ['ATTRIBUTE CERTIFICATE', 'attributeCertificate'],
];

const byLabel: ReadonlyMap<string, PemLabel> = new Map(table.map(([label, kind, keyForm]) => [label, keyForm ? { kind, keyForm } : { kind }]));

/** Every label the table knows, in its order. */
export const knownLabels: readonly string[] = table.map(([label]) => label);

/** What a label's block holds; undefined for a label nobody here knows. */
export function pemLabel(label: string): PemLabel | undefined {
  return byLabel.get(label);
}

const decoded = new Set<LabelKind>(['certificate', 'csr', 'crl', 'privateKey', 'publicKey', 'pkcs7']);

/** The object a label's block holds, `unknown` where Certwright decodes none (parameters, unknown labels). */
export function labelKind(label: string): ObjectKind {
  const kind = byLabel.get(label)?.kind;
  return kind && decoded.has(kind) ? (kind as ObjectKind) : 'unknown';
}

/** The label a private key of this form is read with (`RSA PRIVATE KEY` for PKCS #1...). */
export function labelOfKeyForm(form: Exclude<PrivateKeyForm, 'openssh'>): string {
  return table.find(([, , f]) => f === form)![0];
}
