/**
 * Invalid extension contents (issue #11 point 4) on real certificates from the
 * corpus: each is shown, the extension is marked invalid in the hover, and the
 * PEM linter reports it on the certificate (X509-EXT-MALFORMED).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { decodePemText, generalNameText, type CertificateView } from '../../../server/src/core/pem';
import { pemLinter } from '../../../server/src/core/pem/lint';
import { hoverMarkdown } from '../../../server/src/features/pem';
import { memoryFileSystem, type Environment } from '../../../server/src/core/environment';
import { defaultLintSettings } from '../../../server/src/core/types';

const corpus = join(__dirname, '..', '..', 'fixtures', 'pki', 'real-world', 'chromium-parse-certificate');
const text = (name: string): string => readFileSync(join(corpus, name), 'latin1');

function certificate(name: string): { view: CertificateView; hover: string } {
  const block = decodePemText(text(name)).find((b) => b.block.label === 'CERTIFICATE')!;
  assert.ok(block.decoded.ok && block.decoded.view.kind === 'certificate', `${name} is shown`);
  return { view: block.decoded.view, hover: hoverMarkdown(block, new Date('2016-01-01T00:00:00Z'), 30, {}) };
}

async function lintCodes(name: string): Promise<Array<{ code: string; message: string }>> {
  const path = `/w/${name}`;
  const env: Environment = { fs: memoryFileSystem({ [path]: text(name) }), now: () => new Date('2016-01-01T00:00:00Z'), getEnv: () => undefined, cwd: () => '/', crypto: webcrypto as unknown as Environment['crypto'] };
  return (await pemLinter.lint({ path, text: text(name), languageId: 'pem' }, { env, settings: defaultLintSettings, workspaceRoots: ['/w'] })).map((f) => ({ code: f.code, message: f.message }));
}

const oids: Record<string, string> = { subjectAltName: '2.5.29.17', keyUsage: '2.5.29.15', basicConstraints: '2.5.29.19' };

const cases: Array<[file: string, extension: string, says: RegExp]> = [
  ['subjectaltname_bad_ip.pem', 'subjectAltName', /IP address of 8 octets/],
  ['subjectaltname_general_names_empty_sequence.pem', 'subjectAltName', /empty subjectAltName/],
  ['subjectaltname_trailing_data.pem', 'subjectAltName', /trailing data/],
  ['bad_key_usage.pem', 'keyUsage', /.+/],
  ['extensions_duplicate_key_usage.pem', 'keyUsage', /duplicate extension/],
  ['basic_constraints_unconsumed_data.pem', 'basicConstraints', /unexpected/],
];

describe('invalid extension contents are shown as errors inside a certificate that is still shown', () => {
  for (const [file, extension, says] of cases) {
    it(`${file}: ${extension}`, async () => {
      const { view, hover } = certificate(file);
      const ext = view.extensions.find((e) => e.oid === oids[extension] && e.error);
      assert.ok(ext, `${extension} is marked invalid`);
      assert.match(ext.error!, says);
      assert.match(hover, /X509-EXT-MALFORMED/);
      const findings = await lintCodes(file);
      assert.ok(findings.some((f) => f.code === 'X509-EXT-MALFORMED' && says.test(f.message)), JSON.stringify(findings));
    });
  }

  it('an 8-octet IP SAN is not shown as a network', () => {
    const { view } = certificate('subjectaltname_bad_ip.pem');
    assert.deepEqual(view.subjectAltNames.map(generalNameText), ['IP Address:<invalid length=8>', 'email:fscvatas@va.gov']);
  });

  it('a valid keyUsage and extendedKeyUsage are not flagged', () => {
    for (const file of ['key_usage.pem', 'extended_key_usage.pem']) {
      const { view } = certificate(file);
      assert.deepEqual(view.extensions.filter((e) => e.error), [], file);
    }
  });
});
