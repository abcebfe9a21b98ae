/**
 * Files a config names that are not here. A path on the deployment host, outside the
 * workspace and not mapped, says nothing about the config: information, naming the
 * base and how to map it. A path that should be in the workspace (relative, or
 * absolute inside a workspace folder) is a warning. PostgreSQL with ssl = off reads
 * none of its TLS files. Found on real configs: Debian's generated postgresql.conf,
 * CockroachDB's Helm manifests (test/fixtures/setup/real-world).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lintFile, makePki, type Pki } from './helpers';

let pki: Pki;
before(() => {
  pki = makePki('cw-hostpaths-');
});
after(() => pki.cleanup());

const severities = (run: Awaited<ReturnType<typeof lintFile>>, code: string): string[] => run.byCode(code).map((f) => `${run.covered(f)} ${f.severity}`);

describe('files a config names that are not here', () => {
  const tls = (dir: string): string => `ssl-ca = "${dir}/ca.pem"\nssl-cert = "${dir}/w.pem"\nssl-key = "${dir}/w.key"\n`;
  const worker = (body: string): string => `name = "w1"\nworker-addr = ":8262"\njoin = "m1:8261"\n${body}`;

  test('DM: a host path outside the workspace is information; relative and in-workspace paths are warnings', async () => {
    const roots = [pki.dir];
    const host = await lintFile(pki.write('host/dm-worker.toml', worker(tls('/home/tidb/deploy/tls'))), { roots });
    assert.deepEqual(severities(host, 'DM-007'), ['ssl-ca information', 'ssl-cert information', 'ssl-key information']);
    assert.match(host.byCode('DM-007')[0]!.message, /absolute path: \/home\/tidb\/deploy\/tls\/ca\.pem.*certwright\.pathMappings/);
    const relative = await lintFile(pki.write('rel/dm-worker.toml', worker(tls('tls'))), { roots });
    assert.deepEqual(severities(relative, 'DM-007'), ['ssl-ca warning', 'ssl-cert warning', 'ssl-key warning']);
    const inside = await lintFile(pki.write('abs/dm-worker.toml', worker(tls(pki.path('abs/tls')))), { roots });
    assert.deepEqual(severities(inside, 'DM-007'), ['ssl-ca warning', 'ssl-cert warning', 'ssl-key warning']);
    // Mapped to a workspace folder that lacks the file: the mapping says it should be here.
    const mapped = await lintFile(pki.write('mapped/dm-worker.toml', `# certwright: path-map /home/tidb/deploy=../hosts\n${worker(tls('/home/tidb/deploy/tls'))}`), { roots });
    assert.deepEqual(severities(mapped, 'DM-007'), ['ssl-ca warning', 'ssl-cert warning', 'ssl-key warning']);
  });

  test('PostgreSQL: ssl = off reads no TLS file (information); with ssl = on a host path is information, a data-directory file a warning', async () => {
    const roots = [pki.dir];
    const files = "ssl_cert_file = '/etc/ssl/certs/ssl-cert-snakeoil.pem'\nssl_key_file = 'server.key'\n";
    const off = await lintFile(pki.write('pgoff/postgresql.conf', `ssl = off\n${files}`), { roots });
    assert.deepEqual(severities(off, 'PG-020'), ['ssl_cert_file information', 'ssl_key_file information']);
    const on = await lintFile(pki.write('pgon/postgresql.conf', `ssl = on\n${files}`), { roots });
    assert.deepEqual(severities(on, 'PG-020'), ['ssl_cert_file information', 'ssl_key_file warning']);
  });

  test('CockroachDB: --certs-dir on the host is information, a relative one a warning', async () => {
    const roots = [pki.dir];
    const start = (dir: string): string => `#!/bin/sh\ncockroach start --certs-dir=${dir} --advertise-addr=node1.internal --join=node1.internal,node2.internal\n`;
    const host = await lintFile(pki.write('crdb-host/start.sh', start('/cockroach/cockroach-certs/')), { roots });
    assert.deepEqual(severities(host, 'CRDB-031'), ['/cockroach/cockroach-certs/ information']);
    const relative = await lintFile(pki.write('crdb-rel/start.sh', start('certs')), { roots });
    assert.deepEqual(severities(relative, 'CRDB-031'), ['certs warning']);
  });

  test('CockroachDB: a relative --certs-dir in a systemd unit is under its WorkingDirectory= on the host (the docs\' securecockroachdb.service): information, or a warning once mapped', async () => {
    const roots = [pki.dir];
    const unit = (extra: string): string => `${extra}[Service]\nType=notify\nWorkingDirectory=/var/lib/cockroach\nExecStart=/usr/local/bin/cockroach start --certs-dir=certs --advertise-addr=node1.internal --join=node1.internal\nUser=cockroach\n`;
    const host = await lintFile(pki.write('unit/securecockroachdb.service', unit('')), { roots });
    assert.deepEqual(severities(host, 'CRDB-031'), ['certs information']);
    assert.match(host.byCode('CRDB-031')[0]!.message, /No node\.crt at \/var\/lib\/cockroach\/certs\/node\.crt/);
    const mapped = await lintFile(pki.write('unit2/securecockroachdb.service', unit('# certwright: path-map /var/lib/cockroach=./node1\n')), { roots });
    assert.deepEqual(severities(mapped, 'CRDB-031'), ['certs warning']);
    assert.match(mapped.byCode('CRDB-031')[0]!.message, new RegExp(`No node\\.crt at ${pki.path('unit2/node1/certs/node.crt')}`));
  });

  test("CockroachDB: a relative --certs-dir in a container is under its working_dir / workingDir, else the official image's WORKDIR /cockroach, through the volumes", async () => {
    const roots = [pki.dir];
    const compose = (extra: string[]): string => ['services:', '  roach:', '    image: cockroachdb/cockroach:v24.1.0', ...extra, '    command: start-single-node --certs-dir=certs', '    volumes:', '      - ./pki:/cockroach/certs', '      - ./other:/srv/certs', ''].join('\n');
    // /cockroach/certs is ./pki (not ./certs beside the file): no node.crt there yet, a warning naming it.
    const image = await lintFile(pki.write('crdb-compose/compose.yaml', compose([])), { roots });
    assert.deepEqual(severities(image, 'CRDB-031'), ['certs warning']);
    assert.match(image.byCode('CRDB-031')[0]!.message, new RegExp(`No node\\.crt at ${pki.path('crdb-compose/pki/node.crt')}`));
    const workdir = await lintFile(pki.write('crdb-compose/compose.yaml', compose(['    working_dir: /srv'])), { roots });
    assert.match(workdir.byCode('CRDB-031')[0]!.message, new RegExp(`No node\\.crt at ${pki.path('crdb-compose/other/node.crt')}`));
    // Another image, no working_dir: the working directory is not known; the file's folder stands in, as in a script.
    const other = await lintFile(pki.write('crdb-compose/compose.yaml', compose([]).replace('cockroachdb/cockroach:v24.1.0', 'example/roach').replace('command: start', 'command: cockroach start')), { roots });
    assert.match(other.byCode('CRDB-031')[0]!.message, new RegExp(`No node\\.crt at ${pki.path('crdb-compose/certs/node.crt')}`));
    const pod = ['apiVersion: v1', 'kind: Pod', 'spec:', '  containers:', '    - name: roach', '      image: example/roach', '      workingDir: /opt/roach', '      command: ["cockroach", "start", "--certs-dir=certs", "--join=a"]', ''].join('\n');
    const k8s = await lintFile(pki.write('crdb-k8s/pod.yaml', pod), { roots });
    assert.deepEqual(severities(k8s, 'CRDB-031'), ['certs information']);
    assert.match(k8s.byCode('CRDB-031')[0]!.message, /No node\.crt at \/opt\/roach\/certs\/node\.crt/);
  });

  test("CockroachDB: a compose service that builds its image runs in the WORKDIR of the Dockerfile's final stage, with the files it copies (multi-stage)", async () => {
    const roots = [pki.dir];
    pki.write('crdb-build/pki/ca.crt', '');
    const df = (final: string): string => ['FROM alpine AS certs', 'WORKDIR /build', 'COPY pki/ ./pki/', final, 'WORKDIR /data', 'COPY --from=certs /build/pki /data/certs', ''].join('\n');
    const compose = ['services:', '  roach:', '    build:', '      context: .', '      dockerfile: docker/Dockerfile', '    command: cockroach start-single-node --certs-dir=certs', ''].join('\n');
    pki.write('crdb-build/docker/Dockerfile', df('FROM cockroachdb/cockroach:v24.1.0'));
    const built = await lintFile(pki.write('crdb-build/compose.yaml', compose), { roots });
    // certs is /data/certs in the image, copied from the first stage's /build/pki, which is ./pki.
    assert.deepEqual(severities(built, 'CRDB-031'), ['certs warning']);
    assert.match(built.byCode('CRDB-031')[0]!.message, new RegExp(`No node\\.crt at ${pki.path('crdb-build/pki/node.crt')}`));
    // The first stage's WORKDIR is not the final image's: without its own, the working directory is not known.
    pki.write('crdb-build/docker/Dockerfile', df('FROM example/roach').replace('WORKDIR /data\n', ''));
    const unknown = await lintFile(pki.path('crdb-build/compose.yaml'), { roots });
    assert.match(unknown.byCode('CRDB-031')[0]!.message, new RegExp(`No node\\.crt at ${pki.path('crdb-build/certs/node.crt')}`));
  });
});
