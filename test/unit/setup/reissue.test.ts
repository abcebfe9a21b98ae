/**
 * "Re-issue <cert> with SAN / CN" in the core: the CA folder that issued a
 * certificate named by a setup finding is found above it, the same-key renewal
 * adds the name (other names, subject attributes and the key kept) under the CA
 * lock, and the finding is gone when the files are checked again. Refused where it
 * cannot work: a revoked certificate (a new key is needed), no CA in the workspace.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { runLeafRenewal } from '../../../server/src/core/issue/renewRun';
import { CertStore } from '../../../server/src/core/setup/certFacts';
import { locateReissue, reissueRequestOf, reissueSummary, reissueTitle, type ReissueRequest } from '../../../server/src/core/setup/reissue';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';
import { nodeStoreFs } from '../../../server/src/node/writePlan';
import { reissueWorkspace, type ReissueWorkspace } from '../../support/reissueWorkspace';
import { lintFile } from './helpers';

let w: ReissueWorkspace;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cw-reissue-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A fresh environment and store per look: nothing cached from before the renewal. */
const fresh = () => {
  const env = nodeEnvironment();
  return { env, store: new CertStore(env) };
};

async function codes(rel: string): Promise<string[]> {
  return (await lintFile(w.path(rel), { roots: [w.dir], env: nodeEnvironment() })).findings.map((f) => f.code);
}

async function renewFor(req: ReissueRequest, dryRun = false) {
  const { env, store } = fresh();
  const located = await locateReissue(req, store, env.fs, [w.dir]);
  assert.ok(located && !located.blocked, JSON.stringify(located?.blocked));
  const p = located.place;
  const run = await runLeafRenewal(env, nodeStoreFs(p.caDir), { profile: p.profile, dir: p.caDir, certPath: p.certPath, keyPath: p.keyPath, ...(req.san ? { addSans: [req.san] } : { commonName: req.cn! }), ...(dryRun ? { dryRun } : {}) });
  return { place: p, run };
}

const x509 = (rel: string, ...opt: string[]): string => execFileSync('openssl', ['x509', '-in', w.path(rel), '-noout', ...opt], { encoding: 'utf8' });

describe('re-issue with the missing name', () => {
  before(async () => {
    w = await reissueWorkspace(tmp);
  });

  test('the request is read strictly, and the title names the file and the name', () => {
    assert.deepEqual(reissueRequestOf({ cert: '/a/server.crt', san: 'db.example.com', dryRun: true }), { cert: '/a/server.crt', san: 'db.example.com' });
    assert.equal(reissueRequestOf({ cert: 'relative.crt', san: 'x' }), undefined);
    assert.equal(reissueRequestOf({ cert: '/a.crt', san: 'x', cn: 'y' }), undefined);
    assert.equal(reissueRequestOf({ cert: '/a.crt' }), undefined);
    assert.equal(reissueTitle({ cert: '/a/server.crt', san: 'db.example.com' }), 'Re-issue server.crt with SAN db.example.com');
    assert.equal(reissueTitle({ cert: '/a/bob.crt', cn: 'alice' }), 'Re-issue bob.crt with CN=alice');
  });

  test('SAN: the CA above the certificate renews it with the name added; PG-030 is gone on both ends', async () => {
    assert.ok((await codes('app/wrong-host.env')).includes('PG-030'));
    const keyBefore = fs.readFileSync(w.path('pg/server.key'), 'utf8');
    const req = { cert: w.path('pg/server.crt'), san: 'db.example.com' };
    const dry = await renewFor(req, true);
    assert.deepEqual([dry.place.profile, dry.place.caDir, dry.place.certPath, dry.place.keyPath], ['postgres', w.path('pg'), 'server.crt', 'server.key']);
    const { question, summary } = reissueSummary(dry.place, req, dry.run);
    assert.equal(question, `Re-issue server.crt with SAN db.example.com, signed by the CA in ${w.path('pg')} (same key)?`);
    assert.match(summary, /Names: db\.internal, 127\.0\.0\.1 \+ db\.example\.com\./);
    assert.match(summary, /replace server\.crt/);
    assert.match(summary, /replace ca-private\/index\.txt/);
    assert.doesNotMatch(summary, /server\.key \(/, 'the key is not rewritten');
    assert.equal(dry.run.commit, undefined);
    assert.doesNotMatch(x509('pg/server.crt', '-ext', 'subjectAltName'), /db\.example\.com/, 'a dry run writes nothing');

    const { run } = await renewFor(req);
    assert.ok(run.commit?.written.some((f) => f.path === 'server.crt'));
    assert.match(x509('pg/server.crt', '-ext', 'subjectAltName'), /DNS:db\.internal, DNS:db\.example\.com, IP Address:127\.0\.0\.1/);
    assert.match(x509('pg/server.crt', '-subject'), /CN ?= ?db\.internal/);
    assert.equal(fs.readFileSync(w.path('pg/server.key'), 'utf8'), keyBefore, 'same key');
    execFileSync('openssl', ['verify', '-CAfile', w.path('pg/root.crt'), w.path('pg/server.crt')]);
    assert.match(fs.readFileSync(w.path('pg/ca-private/index.txt'), 'utf8'), new RegExp(`\\t${run.result.issued!.serial}\\t`));
    assert.ok(!(await codes('app/wrong-host.env')).includes('PG-030'));
    assert.ok(!(await codes('pg/postgresql.conf')).includes('PG-030'));
    // The name is there now: nothing left to offer.
    const { env, store } = fresh();
    assert.equal(await locateReissue(req, store, env.fs, [w.dir]), undefined);
  });

  test('CN: the subject\'s CN is replaced, the key kept; PG-034 is gone on both ends', async () => {
    assert.ok((await codes('app/wrong-user.sh')).includes('PG-034'));
    const req = { cert: w.path('pg/bob.crt'), cn: 'alice' };
    const { place, run } = await renewFor(req, true);
    assert.match(reissueSummary(place, req, run).summary, /Common name: bob → alice; whatever presents this certificate as bob is then refused/);
    await renewFor(req);
    assert.match(x509('pg/bob.crt', '-subject'), /CN ?= ?alice/);
    assert.ok(!(await codes('app/wrong-user.sh')).includes('PG-034'));
    assert.ok(!(await codes('pg/pg_hba.conf')).includes('PG-034'));
  });

  test('a revoked certificate: shown blocked (a new key is needed), and the renewal refuses it under the lock too', async () => {
    await w.cli('issue', 'client', '--dir', 'pg', '--user', 'carol', '--name', 'carol');
    const r = await w.cli('revoke', '--dir', 'pg', '--cert', 'pg/carol.crt', '--reason', 'keyCompromise');
    assert.equal(r.code, 0, r.err);
    const { env, store } = fresh();
    const located = await locateReissue({ cert: w.path('pg/carol.crt'), cn: 'alice' }, store, env.fs, [w.dir]);
    assert.match(located?.blocked ?? '', /revoked \(reason: keyCompromise\).*--new-key/);
    const p = located!.place;
    await assert.rejects(runLeafRenewal(env, nodeStoreFs(p.caDir), { profile: p.profile, dir: p.caDir, certPath: p.certPath, keyPath: p.keyPath, commonName: 'alice' }), /revoked.*--new-key/);
  });

  test('no CA in the workspace issued it: nothing is offered', async () => {
    fs.mkdirSync(w.path('loose'), { recursive: true });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=loose', '-keyout', w.path('loose/loose.key'), '-out', w.path('loose/loose.crt'), '-days', '30'], { stdio: 'pipe' });
    const { env, store } = fresh();
    assert.equal(await locateReissue({ cert: w.path('loose/loose.crt'), san: 'x.example' }, store, env.fs, [w.dir]), undefined);
    // A certificate outside the workspace folders is not re-issued from them, whatever CA is above it.
    assert.equal(await locateReissue({ cert: w.path('pg/bob.crt'), cn: 'x' }, store, env.fs, [w.path('app')]), undefined);
    // An adopted CA keeps its own layout and rules: not re-issued by the fix.
    fs.writeFileSync(w.path('pg/certwright-layout.json'), '{}');
    assert.equal(await locateReissue({ cert: w.path('pg/bob.crt'), cn: 'x' }, fresh().store, env.fs, [w.dir]), undefined);
    fs.rmSync(w.path('pg/certwright-layout.json'));
    assert.ok(await locateReissue({ cert: w.path('pg/bob.crt'), cn: 'x' }, fresh().store, env.fs, [w.dir]));
  });
});
