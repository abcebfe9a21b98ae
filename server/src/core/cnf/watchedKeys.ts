import { objectText } from './objects';
import { extensions } from './vocabulary';

/**
 * Keys whose presence the semantic model and the rules test in every section
 * (is this section shaped like `[ req ]`, like CA settings, does it hold a
 * subjectAltName). The loader notes them per section as it stores entries, so
 * asking a section for one it lacks costs a bit test instead of a lookup:
 * on a file with tens of thousands of sections that is most of the model's work.
 */

/** Keys that make a section look like the `req` section (for `openssl req -section`). */
export const reqShapeKeys = ['distinguished_name', 'req_extensions', 'prompt', 'attributes', 'default_bits', 'default_keyfile', 'encrypt_key'];

/** Keys that make a section look like CA settings (for `openssl ca -name`). */
export const caShapeKeys = ['database', 'new_certs_dir', 'serial', 'policy', 'certificate', 'private_key', 'default_days', 'unique_subject', 'copy_extensions', 'crlnumber', 'default_enddate'];

/** Keys only TSA settings hold: two make a section look like them (for `openssl ts -reply -section`). */
export const tsaShapeKeys = ['signer_cert', 'signer_key', 'signer_digest', 'accuracy', 'other_policies', 'digests'];

/** At most 31 (one bit each). */
export const watchedKeys: readonly string[] = [...new Set([...reqShapeKeys, ...caShapeKeys, ...tsaShapeKeys, 'subjectAltName', 'x509_extensions', 'default_ca', 'openssl_conf', 'config_diagnostics'])];

/** Keys whose values the semantic model reads (besides extension and object names: visitCandidateKeys). */
export const modelValueKeys: ReadonlySet<string> = new Set(['distinguished_name', 'attributes', 'req_extensions', 'x509_extensions', 'crl_extensions', 'policy', 'default_ca', 'extensions', 'oid_section', 'openssl_conf', 'fullname', 'CRLissuer', 'default_tsa', 'asn1']);

/**
 * Keys that can make a section an extension section: extension names and
 * object names (a generic `DER:`/`ASN1:` extension). The loader counts, per
 * section, the keys whose hash matches one of these or that start with a digit
 * (an OID); a section with none is not one, and is never scanned for it.
 * Each is handed to `visit` as a range of a string (no substring made for the
 * 2,478 object names: a short command would spend about 2 ms on them).
 */
export function visitCandidateKeys(visit: (text: string, from: number, to: number) => void): void {
  for (const k of extensions.keys()) visit(k, 0, k.length);
  for (let row = 1; row < objectText.length; row = objectText.indexOf('\n', row) + 1) {
    const tab = objectText.indexOf('\t', row);
    visit(objectText, row, tab);
    visit(objectText, tab + 1, objectText.indexOf('\t', tab + 1));
  }
}
