/**
 * The re-issue quick fix against the real client check: Go's crypto/x509 (as
 * CockroachDB, DM and pgx use it) refuses the server certificate for the host a
 * connection string dials, the fix's renewal (the driver the server command runs)
 * adds the name, and Go then verifies the same file for that host, with the same
 * key (tls.LoadX509KeyPair on the untouched key file).
 *
 * Needs Go (Debian golang-go).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLeafRenewal } from '../../server/src/core/issue/renewRun';
import { CertStore } from '../../server/src/core/setup/certFacts';
import { locateReissue } from '../../server/src/core/setup/reissue';
import { nodeEnvironment } from '../../server/src/node/nodeEnvironment';
import { nodeStoreFs } from '../../server/src/node/writePlan';
import { reissueWorkspace, type ReissueWorkspace } from '../support/reissueWorkspace';
import { buildGoPeer, runGoChecks, type GoCheck } from './support/goPeer';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-peer-reissue-'));
let w: ReissueWorkspace;
let peer: string;

before(async () => {
  peer = buildGoPeer();
  w = await reissueWorkspace(tmp);
});

after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  if (peer) fs.rmSync(path.dirname(peer), { recursive: true, force: true });
});

test('Go refuses db.example.com before the fix and verifies it after, same key', async () => {
  const check: GoCheck = { name: 'server for db.example.com', kind: 'verify', ca: [w.path('pg/root.crt')], cert: w.path('pg/server.crt'), key: w.path('pg/server.key'), host: 'db.example.com', usages: ['serverAuth'] };
  const [before] = runGoChecks(peer, [check], tmp);
  assert.equal(before!.ok, false);
  assert.match(before!.error ?? '', /certificate is valid for db\.internal, not db\.example\.com/);

  const env = nodeEnvironment();
  const located = await locateReissue({ cert: w.path('pg/server.crt'), san: 'db.example.com' }, new CertStore(env), env.fs, [tmp]);
  assert.ok(located && !located.blocked, JSON.stringify(located));
  const p = located.place;
  const key = fs.readFileSync(w.path('pg/server.key'));
  await runLeafRenewal(env, nodeStoreFs(p.caDir), { profile: p.profile, dir: p.caDir, certPath: p.certPath, keyPath: p.keyPath, addSans: ['db.example.com'] });
  assert.deepEqual(fs.readFileSync(w.path('pg/server.key')), key);

  const [after, old] = runGoChecks(peer, [check, { ...check, name: 'server for db.internal', host: 'db.internal' }], tmp);
  assert.equal(after!.ok, true, after!.error);
  assert.equal(old!.ok, true, `the names it had still verify: ${old!.error}`);
});
