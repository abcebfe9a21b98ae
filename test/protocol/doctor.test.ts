/**
 * certwright/explainTlsError on the built server: any LSP client sends an error
 * text and gets the explanation against the workspace, with Markdown links to
 * the files at fault.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startClient, type TestClient } from './lspClient';
import { makeDoctorPki, type DoctorPki } from '../peers/support/doctorPki';
import type { ExplainTlsErrorResult } from '../../server/src/protocol/doctor';

describe('certwright/explainTlsError (built server)', () => {
  let pki: DoctorPki;
  let client: TestClient;
  before(async () => {
    pki = makeDoctorPki();
    client = await startClient({ rootPath: pki.dir });
  });
  after(async () => {
    await client?.shutdown();
    pki?.cleanup();
  });

  it('explains a Go name mismatch: the certificate, the fix and a link to the file', async () => {
    const r = await client.request<ExplainTlsErrorResult>('certwright/explainTlsError', { text: 'x509: certificate is valid for localhost, 127.0.0.1, not 10.0.0.7' });
    assert.equal(r.recognised, true);
    const e = r.explanations[0]!;
    assert.equal(e.id, 'go-x509-name-mismatch');
    assert.ok(e.why.some((w) => w.file === 'server.crt'), JSON.stringify(e.why));
    assert.match(r.markdown, /\]\(file:\/\/[^)]*\/server\.crt#L1\)/);
    assert.match(r.markdown, /certwright renew --dir \S+ --cert server\.crt --san localhost,127\.0\.0\.1,10\.0\.0\.7/);
  });

  it('says when nothing is recognised, and refuses a request without text', async () => {
    const r = await client.request<ExplainTlsErrorResult>('certwright/explainTlsError', { text: 'disk quota exceeded' });
    assert.equal(r.recognised, false);
    await assert.rejects(client.request('certwright/explainTlsError', {}), /needs \{ text: string \}/);
  });
});
