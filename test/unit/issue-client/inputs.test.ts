/** The issuing prompts' input checks (client/src/commands/issue/inputs.ts): pure, no VS Code. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { daysProblem, dnValueProblem, fileNameProblem, isDnsName, relativeFolderProblem, sanProblem, splitSans } from '../../../client/src/commands/issue/inputs';

describe('issue prompts: input checks', () => {
  it('DN values refuse separators that would inject attributes, and control characters', () => {
    for (const ok of ['root', 'alice', 'dm-client', 'Cockroach CA', 'svc_1.example']) assert.equal(dnValueProblem(ok), undefined, ok);
    for (const bad of ['', 'a,O=evil', 'a/CN=root', 'x=y', 'a+b', 'line\nCN=root', 'tab\there', ' lead', 'trail ', 'x'.repeat(65), 'a;b', 'a"b']) {
      assert.ok(dnValueProblem(bad), `accepted ${JSON.stringify(bad)}`);
    }
  });

  it('file-name parts refuse traversal and separators', () => {
    for (const ok of ['node1', 'master', 'client.alice', 'a_b-c']) assert.equal(fileNameProblem(ok), undefined, ok);
    for (const bad of ['', '..', 'a/b', '../x', '.hidden', 'a..b', 'a b', 'x'.repeat(64)]) assert.ok(fileNameProblem(bad), `accepted ${JSON.stringify(bad)}`);
  });

  it('target folders are relative to the workspace folder, without traversal', () => {
    for (const ok of ['', '.', 'certs', 'pki/cockroach', 'pki/cockroach/']) assert.equal(relativeFolderProblem(ok), undefined, ok);
    for (const bad of ['/etc', '../outside', 'a/../../b', 'a//b', 'C:/x', 'a\\b', './x']) assert.ok(relativeFolderProblem(bad), `accepted ${JSON.stringify(bad)}`);
  });

  it('SANs: DNS names, IPv4, IPv6 (bracketed too), DNS:/IP: prefixes; refuses junk', () => {
    assert.deepEqual(splitSans('localhost, 127.0.0.1  node1.example.com,,::1'), ['localhost', '127.0.0.1', 'node1.example.com', '::1']);
    for (const ok of ['localhost', '127.0.0.1', '::1', '[::1]', 'DNS:node1.example.com', 'IP:10.0.0.5', '*.db.example.com', 'a.b, 10.1.2.3']) assert.equal(sanProblem(ok), undefined, ok);
    for (const bad of ['', 'under_score.example', 'IP:node1', 'DNS:10.0.0.1.', '-lead.example', 'a..b', '300.1.1.1', 'x'.repeat(64)]) assert.ok(sanProblem(bad), `accepted ${JSON.stringify(bad)}`);
    assert.equal(isDnsName('*.example'), false, 'a wildcard needs at least two labels after it');
    assert.equal(isDnsName('1.2.3'), false, 'an all-numeric last label is not a host name');
  });

  it('days: whole numbers from 1 to 36500', () => {
    for (const ok of ['1', '30', '3650', '36500']) assert.equal(daysProblem(ok), undefined, ok);
    for (const bad of ['0', '-1', '1.5', 'ten', '', '36501']) assert.ok(daysProblem(bad), `accepted ${JSON.stringify(bad)}`);
  });
});
