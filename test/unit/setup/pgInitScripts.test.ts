/**
 * ALTER SYSTEM SET ssl_… in an init script, checked in the script for each server that
 * runs it (checked against PostgreSQL 15: ALTER SYSTEM accepts a missing file; a reload
 * keeps the old TLS configuration; the next start with ssl on fails with "could not load
 * server certificate file").
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findingRows, lintFile, makePki, type Pki } from './helpers';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';

describe('ALTER SYSTEM TLS settings in init scripts', () => {
  let pki: Pki;
  before(() => {
    pki = makePki('cw-pginit-');
    pki.write('certs/.keep', '');
    const ca = pki.ca({ cert: 'certs/ca.crt', key: 'ca/ca.key' });
    pki.leaf({ cert: 'certs/server.crt', key: 'certs/server.key', ca, cn: 'db', san: 'DNS:db' });
    pki.leaf({ cert: 'certs/other.crt', key: 'certs/other.key', ca, cn: 'other' });
  });
  after(() => pki.cleanup());
  const lint = (file: string): ReturnType<typeof lintFile> => lintFile(file, { roots: [pki.dir], env: nodeEnvironment() });
  const compose = (extra: string[] = []): string => ['services:', '  db:', '    image: postgres:15', ...extra, '    volumes:', '      - ./init:/docker-entrypoint-initdb.d', '      - ./certs:/certs', ''].join('\n');
  const sql = (key: string, more = ''): string => `ALTER SYSTEM SET ssl = on;\nALTER SYSTEM SET ssl_cert_file = '/certs/server.crt';\nALTER SYSTEM SET ssl_key_file = '/certs/${key}';\n${more}`;

  test('the files through the volumes of the service that runs the script: a key of another certificate is an error, a missing file a warning, on the statement', async () => {
    pki.write('compose.yaml', compose());
    assert.deepEqual(findingRows(await lint(pki.write('init/10-ssl.sql', sql('server.key')))), []);
    const bad = await lint(pki.write('init/10-ssl.sql', sql('other.key')));
    assert.deepEqual(findingRows(bad), ['error PG-011 ssl_key_file']);
    assert.equal(bad.covered(bad.findings[0]!), 'ssl_key_file');
    assert.equal(bad.findings[0]!.start, sql('other.key').indexOf('ssl_key_file'));
    assert.ok(bad.findings[0]!.related?.some((r) => r.file.endsWith('compose.yaml')));
    const missing = await lint(pki.write('init/10-ssl.sql', sql('gone.key')));
    assert.deepEqual(findingRows(missing), ['warning PG-020 ssl_key_file']);
    assert.match(missing.findings[0]!.message, /will not start with ssl = on/);
    assert.match(missing.findings[0]!.message, /the service db \(compose\.yaml\)/);
  });

  test('a key every user can read: PG-010, as PostgreSQL checks it at start', async () => {
    pki.write('compose.yaml', compose());
    pki.leaf({ cert: 'certs/open.crt', key: 'certs/open.key', ca: { cert: pki.path('certs/ca.crt'), key: pki.path('ca/ca.key') }, cn: 'db', keyMode: 0o644 });
    const run = await lint(pki.write('init/10-ssl.sql', sql('open.key').replace('server.crt', 'open.crt')));
    assert.deepEqual(findingRows(run), ['error PG-010 ssl_key_file']);
  });

  test('ssl left off: the files are not read (information); what a later script or the command line sets instead is not this script’s', async () => {
    pki.write('compose.yaml', compose());
    const off = await lint(pki.write('init/10-ssl.sql', sql('gone.key').replace('ssl = on', 'ssl = off')));
    assert.deepEqual(findingRows(off), ['information PG-020 ssl_key_file']);
    pki.write('init/20-more.sql', "ALTER SYSTEM SET ssl_key_file = '/certs/server.key';\n");
    assert.deepEqual(findingRows(await lint(pki.path('init/10-ssl.sql'))), []);
    pki.write('init/20-more.sql', '');
    pki.write('compose.yaml', compose(['    command: postgres -c ssl_key_file=/certs/server.key']));
    assert.deepEqual(findingRows(await lint(pki.write('init/10-ssl.sql', sql('gone.key')))), []);
  });

  test('a script no server of the workspace runs is not judged', async () => {
    pki.write('compose.yaml', compose().replace('/docker-entrypoint-initdb.d', '/init'));
    assert.deepEqual(findingRows(await lint(pki.write('init/10-ssl.sql', sql('other.key')))), []);
  });

  test('an image that copies the script and the certificates in (Dockerfile COPY)', async () => {
    pki.write('compose.yaml', 'services: {}\n');
    pki.write('Dockerfile', ['FROM postgres:15', 'COPY init/10-ssl.sql /docker-entrypoint-initdb.d/', 'COPY certs/ /certs/', ''].join('\n'));
    assert.deepEqual(findingRows(await lint(pki.write('init/10-ssl.sql', sql('other.key')))), ['error PG-011 ssl_key_file']);
    pki.write('Dockerfile', 'FROM postgres:15\n');
  });

  test('postgresql.conf lines a script writes (heredoc, echo) are settings of that server: checked on their line, and ssl = on there counts for ALTER SYSTEM', async () => {
    pki.write('compose.yaml', compose());
    pki.write('init/10-ssl.sql', '');
    const heredoc = ['#!/bin/bash', 'cat >> "$PGDATA/postgresql.conf" <<EOF', 'ssl = on', "ssl_cert_file = '/certs/server.crt'", "ssl_key_file = '/certs/other.key'", 'ssl_ca_file = $CA', 'EOF', ''].join('\n');
    const run = await lint(pki.write('init/05-conf.sh', heredoc));
    assert.deepEqual(findingRows(run), ['error PG-011 ssl_key_file']);
    assert.equal(run.findings[0]!.start, heredoc.indexOf('ssl_key_file'));
    const echo = ['#!/bin/sh', 'echo "ssl = on" >> "$PGDATA/postgresql.conf"', `echo "ssl_key_file = '/certs/gone.key'" >> $PGDATA/postgresql.conf`, ''].join('\n');
    assert.deepEqual(findingRows(await lint(pki.write('init/05-conf.sh', echo))), ['warning PG-020 ssl_key_file']);
    // ssl = on from the script; the files from ALTER SYSTEM in another: an error there, not information.
    pki.write('init/05-conf.sh', 'echo "ssl = on" >> "$PGDATA/postgresql.conf"\n');
    const sqlRun = await lint(pki.write('init/10-ssl.sql', sql('other.key').replace('ALTER SYSTEM SET ssl = on;\n', '')));
    assert.deepEqual(findingRows(sqlRun), ['error PG-011 ssl_key_file']);
    // A server reading another postgresql.conf (-c config_file) does not read what the script appends to the data directory's.
    pki.write('init/05-conf.sh', heredoc);
    pki.write('compose.yaml', compose(['    command: postgres -c config_file=/etc/postgresql/postgresql.conf']));
    assert.deepEqual(findingRows(await lint(pki.path('init/05-conf.sh'))), []);
    pki.write('init/05-conf.sh', '');
    pki.write('init/10-ssl.sql', '');
  });

  test('a file the script writes itself into $PGDATA (rust-postgres writes server.key by heredoc) is not looked for in the workspace', async () => {
    pki.write('compose.yaml', compose());
    const conf = ['cat >> "$PGDATA/postgresql.conf" <<-EOCONF', 'ssl = on', "ssl_key_file = 'server.key'", 'EOCONF', ''].join('\n');
    assert.deepEqual(findingRows(await lint(pki.write('init/05-conf.sh', conf))), ['information PG-020 ssl_key_file']);
    assert.deepEqual(findingRows(await lint(pki.write('init/05-conf.sh', `cat > "$PGDATA/server.key" <<-EOKEY\nkey\nEOKEY\n${conf}`))), []);
    pki.write('init/05-conf.sh', '');
  });

  test('$PGDATA is the PGDATA the service or its image sets, not the image default: where the script writes, and the data directory of the server it runs in', async () => {
    pki.write('data/.keep', '');
    const script = (keyPath: string): string => ['cat > "$PGDATA/server.key" <<-EOKEY', 'key', 'EOKEY', 'cat >> "$PGDATA/postgresql.conf" <<-EOCONF', 'ssl = on', `ssl_key_file = '${keyPath}'`, 'EOCONF', ''].join('\n');
    const pgdata = '/var/lib/postgresql/data/pgdata';
    for (const env of [[`    environment:`, `      PGDATA: ${pgdata}`], [`    environment:`, `      - PGDATA=${pgdata}`]]) {
      pki.write('compose.yaml', compose([...env, '    volumes:', '      - ./data:/var/lib/postgresql/data']).replace('    volumes:\n      - ./data:/var/lib/postgresql/data\n    volumes:\n', '    volumes:\n      - ./data:/var/lib/postgresql/data\n'));
      // The script writes the key where it names it: nothing to look for.
      assert.deepEqual(findingRows(await lint(pki.write('init/05-conf.sh', script(`${pgdata}/server.key`)))), [], env[1]);
      // It names the image's default data directory, where the script wrote nothing (the volume's data/server.key is not there).
      assert.deepEqual(findingRows(await lint(pki.write('init/05-conf.sh', script('/var/lib/postgresql/data/server.key')))), ['warning PG-020 ssl_key_file'], env[1]);
    }
    // The image's ENV PGDATA, for a service that builds it.
    pki.write('compose.yaml', ['services:', '  db:', '    build: .', '    volumes:', '      - ./init:/docker-entrypoint-initdb.d', '      - ./data:/var/lib/postgresql/data', ''].join('\n'));
    pki.write('Dockerfile', `FROM postgres:15\nENV PGDATA ${pgdata}\n`);
    assert.deepEqual(findingRows(await lint(pki.write('init/05-conf.sh', script(`${pgdata}/server.key`)))), []);
    pki.write('Dockerfile', `FROM postgres:15\nENV LANG=C.UTF-8 PGDATA="${pgdata}"\n`);
    assert.deepEqual(findingRows(await lint(pki.write('init/05-conf.sh', script(`${pgdata}/server.key`)))), []);
    pki.write('Dockerfile', 'FROM postgres:15\n');
    pki.write('init/05-conf.sh', '');
  });
});
