/**
 * A 3-node CockroachDB deployment described by a systemd unit, a shell script and
 * a Kubernetes-style manifest with deployed paths (mapped by path-map comments),
 * and a client script: every caller/callee name mismatch is reported once per
 * edge, on the caller's file, naming the callee's file and certificate; the
 * callee's own advertised name on its own file. Plus the start-command parser
 * on the places commands are written.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { findInvocations } from '../../../server/src/core/setup/startCommands';
import { lintFile, makePki, type Pki } from './helpers';

const flagsOf = (path: string, text: string) =>
  findInvocations(path, text).map((i) => ({ sub: i.subcommand, flags: Object.fromEntries([...i.flags].map(([k, v]) => [k, text.slice(v.start, v.end)])) }));

describe('start commands where they are written', () => {
  test('systemd ExecStart with continuations, a shell script, compose string and list, Kubernetes args holding a shell line', () => {
    assert.deepEqual(flagsOf('a.service', '[Service]\nExecStart=/usr/local/bin/cockroach start \\\n  --certs-dir=/var/lib/cockroach/certs \\\n  --advertise-addr node1.internal:26257 --join=a,b\nRestart=always\n'), [
      { sub: 'start', flags: { 'certs-dir': '/var/lib/cockroach/certs', 'advertise-addr': 'node1.internal:26257', join: 'a,b' } },
    ]);
    assert.deepEqual(flagsOf('docker-compose.yml', 'services:\n  roach1:\n    image: cockroachdb/cockroach\n    command: start --certs-dir=/cockroach/certs --join=roach1,roach2\n    volumes:\n      - ./certs:/cockroach/certs\n  roach2:\n    image: cockroachdb/cockroach\n    command: [start, --certs-dir=/cockroach/certs, "--join=roach1,roach2"]\n'), [
      { sub: 'start', flags: { 'certs-dir': '/cockroach/certs', join: 'roach1,roach2' } },
      { sub: 'start', flags: { 'certs-dir': '/cockroach/certs', join: 'roach1,roach2' } },
    ]);
    assert.deepEqual(flagsOf('k8s.yaml', 'containers:\n  - name: db\n    command:\n      - /cockroach/cockroach\n      - start\n      - "--certs-dir=/cockroach/cockroach-certs"\n      - --advertise-addr=$(POD).db\n    env:\n      - name: X\n'), [
      { sub: 'start', flags: { 'certs-dir': '/cockroach/cockroach-certs', 'advertise-addr': '$(POD).db' } },
    ]);
    assert.deepEqual(flagsOf('sts.yaml', 'args:\n  - "exec /cockroach/cockroach start --join=db-0.db,db-1.db --certs-dir=/cockroach/cockroach-certs"\n'), [
      { sub: 'start', flags: { join: 'db-0.db,db-1.db', 'certs-dir': '/cockroach/cockroach-certs' } },
    ]);
    assert.deepEqual(flagsOf('c.sh', "cockroach sql --url 'postgresql://root@node3.internal:26257/defaultdb?sslmode=verify-full' -e 'select 1'; echo done\n"), [
      { sub: 'sql', flags: { url: 'postgresql://root@node3.internal:26257/defaultdb?sslmode=verify-full' } },
    ]);
    // A path with cockroach in it is not an invocation.
    assert.deepEqual(flagsOf('x.sh', 'cp certs/* /cockroach/certs/\n'), []);
    // The checks of one lint read a file's invocations once: asked again for the same text, the same list; another text is read anew.
    const script = 'cockroach start --certs-dir=certs\n';
    assert.equal(findInvocations('s.sh', script), findInvocations('s.sh', script));
    assert.deepEqual(flagsOf('s.sh', 'cockroach sql --certs-dir=other\n'), [{ sub: 'sql', flags: { 'certs-dir': 'other' } }]);
  });

  test('a program word quoted on its own ends at its quote: a compose profile named cockroach takes no flags from the lines below (lib/pq\'s compose.yaml)', () => {
    const compose = "services:\n  cockroach:\n    profiles:    ['cockroach']\n    image:       'cockroachdb/cockroach:latest-v26.1'\n    command:     ['start-single-node', '--accept-sql-without-tls', '--certs-dir=/ssl2']\n    healthcheck: {test: ['CMD-SHELL', '/cockroach/cockroach node status --insecure --user=pqgo']}\n";
    assert.deepEqual(flagsOf('compose.yaml', compose), [
      { sub: 'start-single-node', flags: { 'certs-dir': '/ssl2' } },
      { sub: 'node', flags: { user: 'pqgo' } },
    ]);
    assert.deepEqual(flagsOf('k8s.yaml', 'command: ["/cockroach/cockroach", "start", "--certs-dir=/certs", "--join=a,b"]\n'), [{ sub: 'start', flags: { 'certs-dir': '/certs', join: 'a,b' } }]);
    assert.deepEqual(flagsOf('run.sh', 'exec "cockroach" start --certs-dir /d\n'), [{ sub: 'start', flags: { 'certs-dir': '/d' } }]);
  });

  test('a Dockerfile over CockroachDB\'s image: CMD ["start", ...] runs the image\'s cockroach entrypoint; not over another image or after an ENTRYPOINT', () => {
    const df = (from: string, extra = ''): string => `FROM ${from}\nCOPY certs /cockroach/certs\n${extra}CMD ["start-single-node", "--certs-dir=/cockroach/certs", "--advertise-addr=db"]\n`;
    assert.deepEqual(flagsOf('Dockerfile', df('cockroachdb/cockroach:v23.1.11')), [{ sub: 'start-single-node', flags: { 'certs-dir': '/cockroach/certs', 'advertise-addr': 'db' } }]);
    // Through a named stage, and in a Dockerfile of another name.
    assert.deepEqual(flagsOf('db.Dockerfile', `FROM docker.io/cockroachdb/cockroach:latest AS crdb\n${df('crdb')}`).length, 1);
    assert.deepEqual(flagsOf('Dockerfile', df('cockroachdb/cockroach', 'ENTRYPOINT ["/run.sh"]\n')), []);
    assert.deepEqual(flagsOf('Dockerfile', df('alpine')), []);
  });
});

describe('a 3-node CockroachDB deployment with deployed paths', () => {
  let pki: Pki;
  before(() => {
    pki = makePki('cw-crdb-deploy-');
    const ca = pki.ca({ cert: 'ca/ca.crt', key: 'ca/ca.key', cn: 'Cockroach CA' });
    const sans = ['DNS:node1.internal,DNS:localhost', 'DNS:node2.internal,DNS:localhost', 'DNS:localhost'];
    sans.forEach((san, i) => {
      pki.leaf({ cert: `hosts/node${i + 1}/certs/node.crt`, key: `hosts/node${i + 1}/certs/node.key`, ca, subj: '/O=Cockroach/CN=node', san, eku: 'serverAuth,clientAuth' });
      copyFileSync(ca.cert, pki.path(`hosts/node${i + 1}/certs/ca.crt`));
    });
    const join = '--join=node1.internal:26257,node2.internal:26257,node3.internal:26257';
    pki.write('deploy/node1.service', `# certwright: path-map /var/lib/cockroach=../hosts/node1\n[Service]\nExecStart=/usr/local/bin/cockroach start --certs-dir=/var/lib/cockroach/certs --advertise-addr=node1.internal:26257 ${join}\n`);
    // Mistake 2: node2 advertises an IP its certificate does not carry.
    pki.write('deploy/node2.sh', `#!/bin/sh\n# certwright: path-map /var/lib/cockroach=../hosts/node2\nexec cockroach start \\\n  --certs-dir=/var/lib/cockroach/certs \\\n  --advertise-addr=10.0.0.2:26257 \\\n  ${join}\n`);
    // Mistake 1: node3's certificate lacks node3.internal.
    pki.write('deploy/node3.yaml', `# certwright: path-map /cockroach=../hosts/node3\ncontainers:\n  - name: node3\n    image: cockroachdb/cockroach:v23.1.11\n    args:\n      - start\n      - --certs-dir=/cockroach/certs\n      - --advertise-addr=node3.internal:26257\n      - ${join}\n`);
    pki.write('deploy/client.sh', "cockroach sql --certs-dir=certs --url 'postgresql://root@node3.internal:26257/defaultdb?sslmode=verify-full'\n");
  });
  after(() => pki.cleanup());

  test('each mismatch once per edge, on the caller, naming the callee; the callee\'s own name on its own file', async () => {
    const roots = [pki.dir];
    const all: string[] = [];
    for (const f of ['node1.service', 'node2.sh', 'node3.yaml', 'client.sh']) {
      const run = await lintFile(pki.path(`deploy/${f}`), { roots });
      for (const x of run.findings.filter((y) => y.code.startsWith('CRDB-03'))) {
        all.push(`${f} ${x.code} ${run.covered(x)} → ${(x.related ?? []).map((r) => r.file.replace(`${pki.dir}/`, '')).join(' + ')}`);
      }
    }
    assert.deepEqual(all.sort(), [
      'client.sh CRDB-030 node3.internal → deploy/node3.yaml + hosts/node3/certs/node.crt',
      // cockroach sql takes ca.crt and client.root.* from --certs-dir=certs, which is not in the workspace: one warning.
      'client.sh CRDB-035 certs → ',
      'node1.service CRDB-030 node3.internal → deploy/node3.yaml + hosts/node3/certs/node.crt',
      'node2.sh CRDB-030 10.0.0.2 → hosts/node2/certs/node.crt',
      'node2.sh CRDB-030 node3.internal → deploy/node3.yaml + hosts/node3/certs/node.crt',
      'node3.yaml CRDB-030 node3.internal → hosts/node3/certs/node.crt',
    ]);
  });

  test('the messages quote Go\'s x509 error', async () => {
    const run = await lintFile(pki.path('deploy/node3.yaml'), { roots: [pki.dir] });
    assert.match(run.byCode('CRDB-030')[0]!.message, /x509: certificate is valid for localhost, not node3\.internal/);
  });
});

describe('certificates a script makes itself (cockroach cert create-…) before it starts the node or connects', () => {
  let pki: Pki;
  before(() => {
    pki = makePki('cw-crdb-made-');
  });
  after(() => pki.cleanup());
  const gen = (dir: string): string => ['mkdir certs my-safe-directory', `cockroach cert create-ca --certs-dir=${dir} --ca-key=my-safe-directory/ca.key`, `cockroach cert create-node localhost $(hostname) \\`, `  --certs-dir=${dir} --ca-key=my-safe-directory/ca.key`, `cockroach cert create-client root --certs-dir=${dir} --ca-key=my-safe-directory/ca.key`, ''].join('\n');
  const use = ['cockroach start-single-node --certs-dir=certs --background', "cockroach workload init movr 'postgres://root@localhost:26257?sslmode=verify-full&sslrootcert=certs/ca.crt&sslcert=certs/client.root.crt&sslkey=certs/client.root.key'", 'cockroach sql --certs-dir=certs --host=localhost -e "select 1"', ''].join('\n');
  const codes = (run: Awaited<ReturnType<typeof lintFile>>): string[] => run.findings.filter((f) => f.severity !== 'information').map((f) => `${f.code} ${run.covered(f)}`);

  test('the certs directory it made is not looked for in the workspace (CockroachDB\'s own tutorial scripts)', async () => {
    assert.deepEqual(codes(await lintFile(pki.write('play/foreground.sh', gen('certs') + use), { roots: [pki.dir] })), []);
    // ./certs and certs/ are that folder too.
    assert.deepEqual(codes(await lintFile(pki.write('play2/foreground.sh', gen('./certs/') + use), { roots: [pki.dir] })), []);
  });

  test('compose services that make the certificates (cert create-… in init services sharing the volume), written before or after the node', async () => {
    const svc = (name: string, command: string): string => `  ${name}:\n    image: cockroachdb/cockroach:v22.2.6\n    command: ${command}\n    volumes:\n      - ./certs/ca:/ca\n      - ./certs/certs:/certs\n`;
    const node = svc('roach-0', 'start --certs-dir=/certs --advertise-addr=roach-0 --join=roach-0');
    const init = svc('init-ca', 'cert create-ca --certs-dir=/certs --ca-key=/ca/ca.key') + svc('init-node', 'cert create-node roach-0 localhost --certs-dir=/certs --ca-key=/ca/ca.key');
    assert.deepEqual(codes(await lintFile(pki.write('compose/docker-compose.yml', `services:\n${node}${init}`), { roots: [pki.dir] })), []);
    assert.deepEqual(codes(await lintFile(pki.write('compose/docker-compose.yml', `services:\n${init}${node}`), { roots: [pki.dir] })), []);
    // Another volume: not the node's folder.
    assert.deepEqual(codes(await lintFile(pki.write('compose/docker-compose.yml', `services:\n${node}${init.replaceAll('./certs/certs:', './other:')}`), { roots: [pki.dir] })), ['CRDB-031 /certs']);
  });

  test('made after the start, in another folder, or only listed: still not here', async () => {
    const notHere = ['CRDB-031 certs', 'PG-037 certs/ca.crt', 'PG-037 certs/client.root.crt', 'PG-037 certs/client.root.key'];
    assert.deepEqual(codes(await lintFile(pki.write('late/run.sh', use + gen('certs')), { roots: [pki.dir] })), notHere);
    assert.deepEqual(codes(await lintFile(pki.write('other/run.sh', gen('node-certs') + use), { roots: [pki.dir] })), notHere);
    assert.deepEqual(codes(await lintFile(pki.write('list/run.sh', `cockroach cert list --certs-dir=certs\n${use}`), { roots: [pki.dir] })), notHere);
  });
});

test('a URL among the words of cockroach workload is named as that program\'s, not libpq\'s', async () => {
  const pki = makePki('cw-crdb-workload-');
  try {
    const url = (mode: string): string => `cockroach workload init movr 'postgres://root@localhost:26257?sslmode=${mode}&sslrootcert=certs/ca.crt&sslcert=certs/client.root.crt&sslkey=certs/client.root.key'\n`;
    const missing = await lintFile(pki.write('w/run.sh', url('verify-full')), { roots: [pki.dir] });
    assert.deepEqual(missing.findings.map((f) => f.code), ['PG-037', 'PG-037', 'PG-037']);
    // lib/pq, through which it connects, passes over a missing sslcert (no client certificate), not a missing root or key under verify-full.
    assert.deepEqual(
      missing.findings.map((f) => /; cockroach workload fails if it is missing where the client runs/.test(f.message) || /cockroach workload then sends no client certificate/.test(f.message)),
      [true, true, true],
    );
    assert.deepEqual(missing.findings.map((f) => /sends no client certificate/.test(f.message)), [false, true, false]);
    const bad = await lintFile(pki.write('w/run.sh', url('required')), { roots: [pki.dir] });
    assert.deepEqual(bad.findings.map((f) => f.code), ['PG-039']);
    assert.match(bad.findings[0]!.message, /: cockroach workload refuses the URL\.$/);
    // cockroach sql's --url stays cockroach sql's.
    const sql = await lintFile(pki.write('w/sql.sh', `cockroach sql --url 'postgres://root@localhost:26257?sslmode=required'\n`), { roots: [pki.dir] });
    assert.match(sql.findings[0]!.message, /: cockroach sql refuses the URL\.$/);
  } finally {
    pki.cleanup();
  }
});
