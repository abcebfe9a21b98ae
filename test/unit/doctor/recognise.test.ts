import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { catalog, recognise, renderExplanationMarkdown, renderExplanationText, explain, buildInventory } from '../../../server/src/core/doctor';

describe('TLS error catalogue', () => {
  it('ids are unique and every entry names its source', () => {
    const ids = catalog.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const e of catalog) assert.ok(e.source.length > 10 && e.meaning.length > 10, e.id);
  });

  it('every entry recognises its own example (no dead pattern)', () => {
    for (const e of catalog) {
      const found = recognise(e.example);
      assert.ok(found.some((r) => r.entry.id === e.id), `${e.id} does not recognise "${e.example}" (got ${found.map((r) => r.entry.id).join(', ') || 'nothing'})`);
    }
  });

  it('pulls out what a message names', () => {
    const [go] = recognise('rpc error: code = Unavailable desc = x509: certificate is valid for localhost, 127.0.0.1, not 172.16.10.21');
    assert.deepEqual([go!.entry.id, go!.facts.host, go!.facts.valid], ['go-x509-name-mismatch', '172.16.10.21', ['localhost', '127.0.0.1']]);
    const [node] = recognise("Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: db.example.com. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1");
    assert.deepEqual([node!.facts.host, node!.facts.valid], ['db.example.com', ['localhost', '127.0.0.1']]);
    const [pg] = recognise('psql: error: connection to server at "localhost" (127.0.0.1), port 5432 failed: FATAL:  certificate authentication failed for user "alice"');
    assert.equal(pg!.facts.user, 'alice');
    const [dm] = recognise('CN [dm-client] was not found in [dm]');
    assert.deepEqual([dm!.entry.cause, dm!.facts.seenText, dm!.facts.allowed], ['cn-not-allowed', 'dm-client', ['dm']]);
  });

  it('a generic "certificate verify failed" gives way to the specific reason beside it', () => {
    const found = recognise('SSL routines::certificate verify failed\nverify error:num=10:certificate has expired');
    assert.deepEqual(found.map((r) => r.entry.cause), ['expired']);
    assert.deepEqual(recognise('SSL error: certificate verify failed').map((r) => r.entry.cause), ['verify-failed']);
  });

  it('text without a known message is not recognised', () => {
    assert.deepEqual(recognise('connection reset by peer'), []);
    const result = explain('all good here', buildInventory([]), new Date());
    assert.equal(result.recognised, false);
    assert.match(renderExplanationText(result), /No TLS error message/);
  });

  it('hostile input is bounded: huge lines and many repeated prefixes still answer', () => {
    const prefix = 'x509: certificate is valid for '.repeat(20_000);
    const found = recognise(`${prefix}\n${'a'.repeat(1_000_000)}\nx509: certificate signed by unknown authority`);
    assert.deepEqual(found.map((r) => r.entry.id), ['go-x509-unknown-authority']);
  });

  it('renders links only through the host-given URI maker, and never raw file text', () => {
    const result = explain('x509: certificate has expired or is not yet valid', buildInventory([]), new Date());
    const md = renderExplanationMarkdown(result, (f, l) => `file:///w/${f}#L${(l ?? 0) + 1}`);
    assert.match(md, /### A certificate of the chain is past its notAfter date\./);
    assert.match(md, /No certificate in the workspace is outside its validity period/);
  });
});
