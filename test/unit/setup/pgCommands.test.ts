/**
 * PostgreSQL servers started with `-c` settings: where they are written (compose
 * `command:` as a string, a block scalar or a list, Kubernetes `args:`, shell lines,
 * Dockerfile JSON) and the TLS files they name, checked through the service's volumes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync } from 'node:fs';
import { findPgCommands } from '../../../server/src/core/setup/pgCommands';
import { dockerImage } from '../../../server/src/core/setup/imageCopies';
import { alterSystemSettings } from '../../../server/src/core/setup/pgAlterSystem';
import { findingRows, lintFile, makePki, type Pki } from './helpers';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

const settingsOf = (path: string, text: string): string[][] =>
  findPgCommands(path, text).map((c) => [...c.settings.values()].map((s) => `${s.name}=${s.value}|${text.slice(s.keyStart, s.keyEnd)}|${text.slice(s.valueStart, s.valueEnd)}`));

describe('findPgCommands', () => {
  test('compose command as a string, a folded block and a list; the image entrypoint form', () => {
    const compose = [
      'services:',
      '  a:',
      '    image: postgres:16',
      "    command: postgres -c ssl=on -c ssl_cert_file='/certs/a.crt' --ssl-key-file=/certs/a.key",
      '  b:',
      '    image: postgres:16',
      '    command: >',
      '      -c ssl=on',
      '      -c "ssl_ca_file=/certs/ca.crt"',
      '    environment:',
      '      POSTGRES_USER: postgres',
      '  c:',
      '    image: postgres:16',
      '    command:',
      '      - "postgres"',
      '      - "-c"',
      '      - "config_file=/etc/postgresql/postgresql.conf"',
      '    ports: ["5432:5432"]',
      '',
    ].join('\n');
    assert.deepEqual(settingsOf('/w/docker-compose.yml', compose), [
      ['ssl=on|ssl|on', 'ssl_cert_file=/certs/a.crt|ssl_cert_file|/certs/a.crt', 'ssl_key_file=/certs/a.key|ssl-key-file|/certs/a.key'],
      ['ssl=on|ssl|on', 'ssl_ca_file=/certs/ca.crt|ssl_ca_file|/certs/ca.crt'],
      ['config_file=/etc/postgresql/postgresql.conf|config_file|/etc/postgresql/postgresql.conf'],
    ]);
  });

  test('shell lines, a shell string inside a container, a Dockerfile ENTRYPOINT; psql -c is no server', () => {
    const sh = 'docker run postgres:16 \\\n  postgres -c ssl=on -c ssl_cert_file=/tls/s.crt -D /pgdata\npsql -U postgres -c "SELECT 1"\n';
    const cmds = findPgCommands('/w/run.sh', sh);
    assert.equal(cmds.length, 1);
    assert.equal(cmds[0]!.dataDir, '/pgdata');
    assert.deepEqual([...cmds[0]!.settings.keys()], ['ssl', 'ssl_cert_file']);
    const k8s = 'containers:\n  - name: db\n    image: postgres:15\n    command: ["sh", "-c"]\n    args: ["cp /s/* /tls && exec docker-entrypoint.sh postgres -c ssl=on -c ssl_key_file=/tls/k"]\n';
    assert.deepEqual(settingsOf('/w/db.yaml', k8s), [['ssl=on|ssl|on', 'ssl_key_file=/tls/k|ssl_key_file|/tls/k']]);
    const docker = 'FROM postgres:13\nENTRYPOINT ["docker-entrypoint.sh", "-c", "ssl=on", "-c", "ssl_cert_file=/var/lib/postgresql/server.crt"]\n';
    assert.deepEqual(settingsOf('/w/Dockerfile', docker).map((x) => x.length), [2]);
  });

  test('pg_ctl start/restart: the words of each -o (added up) and -D are the server\'s; init, reload and stop start none', () => {
    const sh = [
      'pg_ctl -D /pg/data -l log -o "-c ssl=on -c ssl_cert_file=/tls/s.crt" -o \'-c ssl_key_file=/tls/s.key\' start',
      'pg_ctl restart --pgdata=/pg/d2 --options="-c ssl=on"',
      'pg_ctl init -D /pg/d3 -o "-c ssl=on"',
      'pg_ctl reload -D /pg/data -o "-c ssl=on"',
      'pg_ctl -c -w start',
      '',
    ].join('\n');
    const cmds = findPgCommands('/w/run.sh', sh);
    assert.deepEqual(cmds.map((c) => [c.dataDir, [...c.settings.values()].map((s) => `${s.name}=${sh.slice(s.valueStart, s.valueEnd)}`)]), [
      ['/pg/data', ['ssl=on', 'ssl_cert_file=/tls/s.crt', 'ssl_key_file=/tls/s.key']],
      ['/pg/d2', ['ssl=on']],
    ]);
    assert.equal(sh.slice(cmds[0]!.start, cmds[0]!.end), 'pg_ctl');
  });

  test('postgres as the account a program runs as is not the server: su -c "pg_ctl -o \'…\'", gosu postgres postgres, sudo -u', () => {
    const sh = [
      'su postgres -c "pg_ctl -D /pg/data -o \'-c ssl=on -c ssl_key_file=/tls/k\' start"',
      'exec gosu postgres postgres -c ssl=on -c ssl_ca_file=/tls/ca',
      'sudo -u postgres pg_ctl -D /pg/x -o "-c ssl=on" start',
      'psql -U postgres -c "ssl=on"',
      '',
    ].join('\n');
    const cmds = findPgCommands('/w/run.sh', sh);
    assert.deepEqual(cmds.map((c) => `${sh.slice(c.start, c.end)} ${c.dataDir ?? '-'} ${[...c.settings.values()].map((s) => `${sh.slice(s.keyStart, s.keyEnd)}=${sh.slice(s.valueStart, s.valueEnd)}`).join(' ')}`), [
      'pg_ctl /pg/data ssl=on ssl_key_file=/tls/k',
      'postgres - ssl=on ssl_ca_file=/tls/ca',
      'pg_ctl /pg/x ssl=on',
    ]);
    const k8s = 'containers:\n  - name: db\n    command: ["gosu", "postgres", "pg_ctl", "start", "-D", "/d", "-o", "-c ssl=on"]\n';
    assert.deepEqual(settingsOf('/w/db.yaml', k8s), [['ssl=on|ssl|on']]);
  });

  test('a shell variable as value is not judged; the last setting wins', () => {
    const sh = 'postgres -c ssl_cert_file="$CERT" -c ssl=off -c ssl=on\n';
    const [c] = findPgCommands('/w/start.sh', sh);
    assert.deepEqual([...c!.settings.keys()], ['ssl']);
    assert.equal(c!.settings.get('ssl')!.value, 'on');
  });

  test('linear on hostile input: 10,000 list items and 10,000 command keys', () => {
    const items = `services:\n  db:\n    image: postgres\n    command:\n${'      - "-c"\n      - "ssl=on"\n'.repeat(10_000)}`;
    const keys = 'x:\n'.concat('  command: >\n    -c ssl=on\n'.repeat(10_000));
    for (const t of [items, keys]) assert.ok(findPgCommands('/w/c.yaml', `${t}# postgres\n`).length <= 100);
    // A line of program words without settings: each reads a bounded number of words, and only so many are read.
    assert.deepEqual(findPgCommands('/w/run.sh', `${'postgres '.repeat(200_000)}\n`), []);
  });
});

describe('the TLS files a command names', () => {
  let pki: Pki;
  before(() => {
    pki = makePki('cw-pgcmd-');
    pki.write('certs/.keep', '');
    const ca = pki.ca({ cert: 'certs/ca.crt', key: 'ca/ca.key' });
    pki.leaf({ cert: 'certs/server.crt', key: 'certs/server.key', ca, cn: 'db', san: 'DNS:db' });
    pki.leaf({ cert: 'other/server.crt', key: 'other/server.key', ca, cn: 'other' });
  });
  after(() => pki.cleanup());

  const compose = (cmd: string, volumes = ['./certs:/etc/pg']): string =>
    ['services:', '  db:', '    image: postgres:16', `    command: ${cmd}`, '    volumes:', ...volumes.map((v) => `      - ${v}`), ''].join('\n');

  test('correct files through the volume: nothing to say', async () => {
    const run = await lintFile(pki.write('compose.yaml', compose('postgres -c ssl=on -c ssl_cert_file=/etc/pg/server.crt -c ssl_key_file=/etc/pg/server.key -c ssl_ca_file=/etc/pg/ca.crt')), { roots: [pki.dir] });
    assert.deepEqual(run.findings.map((f) => `${f.code} ${f.message}`), []);
  });

  test('PG-011 on the -c ssl_key_file of another certificate; PG-020 on a missing ssl_ca_file', async () => {
    copyFileSync(pki.path('other/server.key'), pki.write('certs/other.key', ''));
    chmodSync(pki.path('certs/other.key'), 0o600);
    const run = await lintFile(pki.write('compose.yaml', compose('postgres -c ssl=on -c ssl_cert_file=/etc/pg/server.crt -c ssl_key_file=/etc/pg/other.key -c ssl_ca_file=/etc/pg/root.crt')), { roots: [pki.dir] });
    assert.deepEqual(findingRows(run), ['warning PG-020 ssl_ca_file', 'error PG-011 ssl_key_file']);
  });

  test('ssl off on the command line: the files are information', async () => {
    const run = await lintFile(pki.write('compose.yaml', compose('-c ssl=off -c ssl_cert_file=/etc/pg/missing.crt')), { roots: [pki.dir] });
    assert.deepEqual(findingRows(run), ['information PG-020 ssl_cert_file']);
  });

  test('a path inside the container that no volume maps is information; a relative one without -D is not judged', async () => {
    const run = await lintFile(pki.write('compose.yaml', compose('postgres -c ssl=on -c ssl_cert_file=/var/lib/postgresql/server.crt -c ssl_key_file=server.key', [])), { roots: [pki.dir] });
    assert.deepEqual(findingRows(run), ['information PG-020 ssl_cert_file']);
  });

  test('over the postgresql.conf of -c config_file: its ssl = on counts, its own settings are reported there', async () => {
    pki.write('conf/postgresql.conf', "ssl = on\nssl_cert_file = '/nowhere/server.crt'\n");
    const run = await lintFile(
      pki.write('compose.yaml', compose('postgres -c config_file=/etc/postgresql/postgresql.conf -c ssl_cert_file=/etc/pg/server.crt -c ssl_key_file=/etc/pg/other/server.key', ['./certs:/etc/pg', './conf:/etc/postgresql', './other:/etc/pg/other'])),
      { roots: [pki.dir] },
    );
    assert.deepEqual(findingRows(run), ['error PG-011 ssl_key_file']);
  });
});

describe('pg_hba.conf and postgresql.conf read by a command', () => {
  let pki: Pki;
  before(() => {
    pki = makePki('cw-pgcmd-via-');
    pki.write('pg/.keep', '');
    const ca = pki.ca({ cert: 'pg/ca.crt', key: 'ca/ca.key' });
    pki.leaf({ cert: 'pg/server.crt', key: 'pg/server.key', ca, cn: 'db', san: 'DNS:db' });
  });
  after(() => pki.cleanup());

  const compose = (cmd: string): string => ['services:', '  db:', '    image: postgres:16', `    command: ${cmd}`, '    volumes:', '      - ./pg:/etc/pg', ''].join('\n');
  // A fresh environment for each lint: the workspace index of command files is kept for a while otherwise.
  test('PG-007 follows the command line: ssl=on there, not the ssl = off of the postgresql.conf beside the file', async () => {
    pki.write('pg/postgresql.conf', 'ssl = off\n');
    const hba = pki.write('pg/pg_hba.conf', 'hostssl all all 0.0.0.0/0 scram-sha-256\n');
    const beside = await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() });
    assert.deepEqual(findingRows(beside), ['warning PG-007 hostssl']);
    pki.write('compose.yaml', compose('postgres -c ssl=on -c ssl_cert_file=/etc/pg/server.crt -c ssl_key_file=/etc/pg/server.key -c hba_file=/etc/pg/pg_hba.conf'));
    assert.deepEqual(findingRows(await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() })), []);
    pki.write('compose.yaml', compose('postgres -c ssl=off -c hba_file=/etc/pg/pg_hba.conf'));
    const off = await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() });
    assert.deepEqual(findingRows(off), ['warning PG-007 hostssl']);
    assert.match(off.findings[0]!.message, /the server command in compose\.yaml sets ssl = off/);
    assert.equal(off.findings[0]!.related?.[0]?.file, pki.path('compose.yaml'));
  });

  test('PG-006: cert rows of the hba_file of a command whose server has no ssl_ca_file; unknown without its postgresql.conf', async () => {
    const hba = pki.write('pg/pg_hba.conf', 'hostssl all alice 0.0.0.0/0 cert\n');
    pki.write('pg/postgresql.conf', "listen_addresses = '*'\n");
    const cmd = '-c ssl=on -c ssl_cert_file=/etc/pg/server.crt -c ssl_key_file=/etc/pg/server.key -c hba_file=/etc/pg/pg_hba.conf';
    // The data directory's postgresql.conf is not seen (the image's, or ALTER SYSTEM in an init script may set ssl_ca_file).
    pki.write('compose.yaml', compose(`postgres ${cmd}`));
    assert.deepEqual(findingRows(await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() })), []);
    pki.write('compose.yaml', compose(`postgres -c config_file=/etc/pg/postgresql.conf ${cmd}`));
    const run = await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() });
    assert.deepEqual(findingRows(run), ['error PG-006 cert']);
    assert.match(run.findings[0]!.message, /the server started in compose\.yaml/);
  });

  test('postgresql.conf under -c config_file: the command turns ssl on and overrides its certificate', async () => {
    const conf = pki.write('pg/postgresql.conf', "ssl = off\nssl_cert_file = '/nowhere/server.crt'\nssl_key_file = '/etc/pg/missing.key'\n");
    pki.write('compose.yaml', 'services: {}\n');
    const alone = await lintFile(conf, { roots: [pki.dir], env: nodeEnvironment() });
    assert.deepEqual(findingRows(alone), ['information PG-020 ssl_cert_file', 'information PG-020 ssl_key_file']);
    pki.write('compose.yaml', compose('postgres -c config_file=/etc/pg/postgresql.conf -c ssl=on -c ssl_cert_file=/etc/pg/server.crt'));
    const run = await lintFile(conf, { roots: [pki.dir], env: nodeEnvironment() });
    // ssl_key_file is still this file's, now read, through the service's volume: ./pg/missing.key is not there.
    assert.deepEqual(findingRows(run), ['warning PG-020 ssl_key_file']);
    assert.match(run.findings[0]!.message, /will not start with ssl = on/);
  });
});

describe('files an image copies in (Dockerfile COPY/ADD)', () => {
  test('dockerfileCopies: WORKDIR, several sources into a folder, flags, the JSON form; --from and URLs left out', () => {
    const df = [
      'FROM postgres:16',
      'WORKDIR /var/lib/postgresql',
      'COPY --chown=postgres certs/server.crt certs/server.key ./tls/',
      'COPY ["pg_hba.conf", "/etc/pg/pg_hba.conf"]',
      'ADD https://example.com/ca.crt /etc/pg/ca.crt',
      'COPY --from=builder /out/ca.crt /etc/pg/ca.crt',
      'COPY conf /etc/pg/conf',
      '',
    ].join('\n');
    const got = dockerImage('/w/db/Dockerfile', df, '/w').copies.map((m) => `${m.deployed} <- ${m.local}`);
    assert.deepEqual(got, [
      '/var/lib/postgresql/tls/server.crt <- /w/certs/server.crt',
      '/var/lib/postgresql/tls/server.key <- /w/certs/server.key',
      '/etc/pg/pg_hba.conf <- /w/pg_hba.conf',
      '/etc/pg/conf <- /w/conf',
    ]);
  });

  test('COPY into a folder that is there already (., .., the WORKDIR, /) puts the file inside it, as Docker does', () => {
    const df = ['FROM postgres:17', 'WORKDIR /var/lib/postgresql/', 'COPY certs ./certs', 'COPY postgresql.conf .', 'COPY pg_hba.conf /var/lib/postgresql', 'COPY ident.conf ..', 'COPY init.sql /', 'COPY server.crt tls.crt', ''].join('\n');
    assert.deepEqual(dockerImage('/w/db/Dockerfile', df, '/w/db').copies.map((m) => `${m.deployed} <- ${m.local}`), [
      '/var/lib/postgresql/certs <- /w/db/certs',
      '/var/lib/postgresql/postgresql.conf <- /w/db/postgresql.conf',
      '/var/lib/postgresql/pg_hba.conf <- /w/db/pg_hba.conf',
      '/var/lib/ident.conf <- /w/db/ident.conf',
      '/init.sql <- /w/db/init.sql',
      '/var/lib/postgresql/tls.crt <- /w/db/server.crt',
    ]);
  });

  test('dockerImage of a multi-stage build: the final stage (or the one a command is in), a stage FROM an earlier one inherits, COPY --from=<stage> maps through it', () => {
    const df = [
      'FROM alpine AS certs',
      'WORKDIR /build',
      'COPY tls/ ./tls/',
      'COPY initdb.sql /docker-entrypoint-initdb.d/',
      'FROM postgres:16 AS base',
      'WORKDIR /var/lib/postgresql',
      'COPY --from=certs /build/tls/server.crt tls/server.crt',
      'COPY --from=elsewhere /x.key tls/server.key',
      'FROM base',
      'COPY --from=certs /build/tls/ca.crt /etc/pg/',
      'CMD ["postgres"]',
      '',
    ].join('\n');
    const image = dockerImage('/w/Dockerfile', df, '/w');
    assert.equal(image.workdir?.dir, '/var/lib/postgresql');
    assert.deepEqual(image.copies.map((m) => `${m.deployed} <- ${m.local}`), ['/var/lib/postgresql/tls/server.crt <- /w/tls/server.crt', '/etc/pg/ca.crt <- /w/tls/ca.crt']);
    // The first stage, for a command written in it: its own WORKDIR and files, none of the later stages'.
    const first = dockerImage('/w/Dockerfile', df, '/w', df.indexOf('COPY initdb'));
    assert.equal(first.workdir?.dir, '/build');
    assert.deepEqual(first.copies.map((m) => m.deployed), ['/build/tls', '/docker-entrypoint-initdb.d/initdb.sql']);
    // A base image's own WORKDIR is not known (other than CockroachDB's): none.
    assert.equal(dockerImage('/w/Dockerfile', 'FROM postgres:16\nCOPY a /a\n', '/w').workdir, undefined);
    assert.equal(dockerImage('/w/Dockerfile', 'FROM cockroachdb/cockroach:v24.1.0\n', '/w').workdir?.dir, '/cockroach');
    // Hostile: one COPY line with 100,000 sources keeps 500.
    assert.equal(dockerImage('/w/Dockerfile', `FROM x\nCOPY ${'a '.repeat(100_000)}/d/\n`, '/w').copies.length, 500);
  });

  test('a RUN line runs in the WORKDIR set above it, with the files copied before it; CMD in the last WORKDIR', () => {
    const df = ['FROM cockroachdb/cockroach:v23.1.11', 'WORKDIR /opt/app', 'COPY certs /opt/app/certs', 'RUN cockroach sql \\', '    --certs-dir=certs -e "select 1"', 'COPY more /opt/app/more', 'WORKDIR /', 'CMD ["start-single-node", "--certs-dir=/opt/app/certs"]', ''].join('\n');
    const run = dockerImage('/w/Dockerfile', df, '/w', df.indexOf('--certs-dir=certs'));
    assert.equal(run.workdir?.dir, '/opt/app');
    assert.deepEqual(run.copies.map((m) => m.deployed), ['/opt/app/certs']);
    const cmd = dockerImage('/w/Dockerfile', df, '/w', df.indexOf('CMD'));
    assert.equal(cmd.workdir?.dir, '/');
    assert.deepEqual(cmd.copies.map((m) => m.deployed), ['/opt/app/certs', '/opt/app/more']);
    assert.equal(cmd.base, 'cockroachdb/cockroach:v23.1.11');
    // Before any WORKDIR, a RUN line of CockroachDB's image runs in its /cockroach.
    const bare = 'FROM cockroachdb/cockroach\nRUN ls certs\nWORKDIR /x\n';
    assert.equal(dockerImage('/w/Dockerfile', bare, '/w', bare.indexOf('ls')).workdir?.dir, '/cockroach');
  });

  let pki: Pki;
  before(() => {
    pki = makePki('cw-pgcmd-image-');
    pki.write('tests/certs/.keep', '');
    const ca = pki.ca({ cert: 'tests/certs/ca.crt', key: 'tests/ca.key' });
    pki.leaf({ cert: 'tests/certs/server.crt', key: 'tests/certs/server.key', ca, cn: 'db', keyMode: 0o644 });
    pki.leaf({ cert: 'tests/certs/other.crt', key: 'tests/certs/other.key', ca, cn: 'other' });
    pki.write('tests/postgres/pg_hba.conf', 'hostssl all all all cert\n');
  });
  after(() => pki.cleanup());

  const dockerfile = (key: string): string =>
    ['FROM postgres:16', 'COPY certs/server.crt /var/lib/postgresql/server.crt', `COPY certs/${key} /var/lib/postgresql/server.key`, 'COPY postgres/pg_hba.conf /var/lib/postgresql/pg_hba.conf', 'RUN chmod 0600 /var/lib/postgresql/server.key', ''].join('\n');
  const compose = (cmd: string): string => ['services:', '  db:', '    build:', '      context: .', '      dockerfile: postgres/Dockerfile', `    command: ${cmd}`, ''].join('\n');
  const cmd = '-c ssl=on -c ssl_cert_file=/var/lib/postgresql/server.crt -c ssl_key_file=/var/lib/postgresql/server.key -c hba_file=/var/lib/postgresql/pg_hba.conf';
  test('a compose service built from a Dockerfile: the copied files are checked, their workspace mode is not the image’s', async () => {
    pki.write('tests/postgres/Dockerfile', dockerfile('server.key'));
    const run = await lintFile(pki.write('tests/docker-compose.yml', compose(cmd)), { roots: [pki.dir], env: nodeEnvironment() });
    assert.deepEqual(findingRows(run), []);
    pki.write('tests/postgres/Dockerfile', dockerfile('other.key'));
    const bad = await lintFile(pki.path('tests/docker-compose.yml'), { roots: [pki.dir], env: nodeEnvironment() });
    assert.deepEqual(findingRows(bad), ['error PG-011 ssl_key_file']);
    assert.match(bad.findings[0]!.related?.[0]?.file ?? '', /other\.key$/);
  });

  test('the pg_hba.conf the image copies in is read with the command: PG-006 without ssl_ca_file', async () => {
    pki.write('tests/postgres/Dockerfile', `${dockerfile('server.key')}COPY postgres/postgresql.conf /etc/postgresql/postgresql.conf\n`);
    pki.write('tests/postgres/postgresql.conf', "listen_addresses = '*'\n");
    pki.write('tests/docker-compose.yml', compose(`${cmd} -c config_file=/etc/postgresql/postgresql.conf`));
    const run = await lintFile(pki.path('tests/postgres/pg_hba.conf'), { roots: [pki.dir], env: nodeEnvironment() });
    assert.deepEqual(findingRows(run), ['error PG-006 cert']);
  });

  test("a Dockerfile's own CMD: COPY sources relative to its folder", async () => {
    const df = pki.write('tests/Dockerfile', ['FROM postgres:16', 'COPY certs/server.crt /tls/server.crt', 'COPY certs/other.key /tls/server.key', 'CMD ["postgres", "-c", "ssl=on", "-c", "ssl_cert_file=/tls/server.crt", "-c", "ssl_key_file=/tls/server.key"]', ''].join('\n'));
    const run = await lintFile(df, { roots: [pki.dir], env: nodeEnvironment() });
    assert.deepEqual(findingRows(run), ['error PG-011 ssl_key_file']);
  });
});

describe('relative paths of a server command (checked against PostgreSQL 15: -D, config_file and hba_file against its working directory, the TLS files against the data directory)', () => {
  let pki: Pki;
  before(() => {
    pki = makePki('cw-pgcmd-cwd-');
    pki.write('pgdata/.keep', '');
    pki.write('other/.keep', '');
    const ca = pki.ca({ cert: 'pgdata/ca.crt', key: 'ca/ca.key' });
    pki.leaf({ cert: 'pgdata/server.crt', key: 'pgdata/server.key', ca, cn: 'db', san: 'DNS:db' });
    pki.leaf({ cert: 'other/o.crt', key: 'pgdata/other.key', ca, cn: 'other' });
  });
  after(() => pki.cleanup());
  const compose = (extra: string[], cmd: string): string =>
    ['services:', '  db:', '    image: postgres:16', ...extra, `    command: ${cmd}`, '    volumes:', '      - ./pgdata:/var/lib/postgresql/data', ''].join('\n');

  test('-D data under working_dir: the relative TLS files are in that data directory', async () => {
    const cmd = 'postgres -D data -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=other.key';
    const run = await lintFile(pki.write('compose.yaml', compose(['    working_dir: /var/lib/postgresql'], cmd)), { roots: [pki.dir], env: nodeEnvironment() });
    assert.deepEqual(findingRows(run), ['error PG-011 ssl_key_file']);
    // Without working_dir the data directory is not known: nothing is judged.
    assert.deepEqual(findingRows(await lintFile(pki.write('compose.yaml', compose([], cmd)), { roots: [pki.dir], env: nodeEnvironment() })), []);
  });

  test('config_file and hba_file relative to working_dir, not to -D: the pg_hba.conf read there gets PG-006 from the configuration read there', async () => {
    pki.write('pgdata/pg.conf', 'ssl = on\nssl_cert_file = server.crt\nssl_key_file = server.key\n');
    const hba = pki.write('pgdata/pg_hba.conf', 'hostssl all alice 0.0.0.0/0 cert\n');
    const cmd = 'postgres -D /elsewhere -c config_file=pg.conf -c hba_file=pg_hba.conf';
    pki.write('compose.yaml', compose(['    working_dir: /var/lib/postgresql/data'], cmd));
    const run = await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() });
    assert.deepEqual(findingRows(run), ['error PG-006 cert']);
    // Without working_dir, PostgreSQL's working directory is not known; -D does not stand in for it.
    pki.write('compose.yaml', compose([], cmd));
    assert.deepEqual(findingRows(await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() })), []);
    pki.write('compose.yaml', 'services: {}\n');
  });
});

describe('ALTER SYSTEM in the init scripts of a container (postgresql.auto.conf, read after postgresql.conf)', () => {
  test('alterSystemSettings: SET with = or TO, quoted values and names, RESET, SET … TO DEFAULT, RESET ALL; offsets of name and value', () => {
    const sql = "alter system set ssl           = 'on';\nALTER SYSTEM SET \"ssl_ca_file\" TO '/ssl2/root.crt';\nalter system set ssl_crl_file = 'x.crl';\nalter system reset ssl_crl_file;\nalter system set ssl_key_file to default;\n";
    const got = alterSystemSettings(sql);
    assert.deepEqual([...got.values()].map((s) => `${s.name}=${s.value}|${sql.slice(s.keyStart, s.keyEnd)}|${sql.slice(s.valueStart, s.valueEnd)}`), ['ssl=on|ssl|on', 'ssl_ca_file=/ssl2/root.crt|ssl_ca_file|/ssl2/root.crt']);
    assert.deepEqual([...alterSystemSettings(`${sql}ALTER SYSTEM RESET ALL;`).keys()], []);
    const psql = `psql -v ON_ERROR_STOP=1 -c "ALTER SYSTEM SET ssl_cert_file = '/certs/server.crt'"\n`;
    assert.deepEqual([...alterSystemSettings(psql).values()].map((s) => s.value), ['/certs/server.crt']);
    // Hostile: unterminated values on one long line are read a bounded way (each value at most 4096 characters, 1,000 statements).
    const hostile = "alter system set ssl = 'x".repeat(10_000);
    assert.deepEqual([...alterSystemSettings(hostile).keys()], ['ssl']);
  });

  let pki: Pki;
  before(() => {
    pki = makePki('cw-pgcmd-alter-');
    pki.write('pg/.keep', '');
    const ca = pki.ca({ cert: 'pg/ca.crt', key: 'ca/ca.key' });
    pki.leaf({ cert: 'pg/server.crt', key: 'pg/server.key', ca, cn: 'db', san: 'DNS:db' });
  });
  after(() => pki.cleanup());
  const compose = (volumes: string[]): string =>
    ['services:', '  db:', '    image: postgres:16', '    command: postgres -c config_file=/etc/pg/postgresql.conf -c hba_file=/etc/pg/pg_hba.conf', '    volumes:', '      - ./pg:/etc/pg', ...volumes.map((v) => `      - ${v}`), ''].join('\n');

  test('an ssl_ca_file set by ALTER SYSTEM in /docker-entrypoint-initdb.d counts: no PG-006 on the cert row; one in a file the container does not run does not', async () => {
    pki.write('pg/postgresql.conf', 'ssl = on\nssl_cert_file = /etc/pg/server.crt\nssl_key_file = /etc/pg/server.key\n');
    const hba = pki.write('pg/pg_hba.conf', 'hostssl all alice 0.0.0.0/0 cert\n');
    pki.write('init/20-config.sql', "alter system set ssl_ca_file = '/etc/pg/ca.crt';\nalter system set ssl_crl_dir = '/etc/pg/crl';\n");
    pki.write('compose.yaml', compose(['./init:/docker-entrypoint-initdb.d']));
    assert.deepEqual(findingRows(await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() })), []);
    // One script mounted on its own, by name.
    pki.write('compose.yaml', compose(['./init/20-config.sql:/docker-entrypoint-initdb.d/20-config.sql']));
    assert.deepEqual(findingRows(await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() })), []);
    pki.write('compose.yaml', compose(['./init:/init']));
    assert.deepEqual(findingRows(await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() })), ['error PG-006 cert']);
    // A later script that resets it, or a value the shell fills in: not set, or not known.
    pki.write('init/30-reset.sh', 'psql -c "ALTER SYSTEM RESET ssl_ca_file"\n');
    pki.write('compose.yaml', compose(['./init:/docker-entrypoint-initdb.d']));
    assert.deepEqual(findingRows(await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() })), ['error PG-006 cert']);
    pki.write('init/30-reset.sh', 'psql -c "ALTER SYSTEM SET ssl_ca_file = $CA_FILE"\n');
    assert.deepEqual(findingRows(await lintFile(hba, { roots: [pki.dir], env: nodeEnvironment() })), []);
    pki.write('compose.yaml', 'services: {}\n');
  });
});
