/**
 * The file events the client sends the server (`watchedFilesGlob`) cover every file a
 * cross-file check reads: the deployment files the setup checks scan for start commands
 * and connection strings, certificates, keys, configs and CA databases. Matched with
 * minimatch, whose glob syntax (one brace group, `**`, dotfiles) is the one VS Code and
 * Eglot read.
 */
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { test } from 'node:test';
import { minimatch } from 'minimatch';
import { watchedFilesGlob } from '../../../server/src/protocol/client';
import { isDeploymentFileName } from '../../../server/src/core/setup/workspaceIndex';
import { appliesToSetup } from '../../../server/src/core/setup/applies';
import { indexedFile } from '../../../server/src/core/setup/certFacts';
import { isScriptName } from '../../../server/src/core/cnf/workspaceUses';

const watched = (path: string): boolean => minimatch(path, watchedFilesGlob, { dot: true });

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

test('every deployment file of the setup corpus that the checks scan is watched', () => {
  const root = join(__dirname, '../../fixtures/setup/real-world');
  const scanned = files(root).filter((f) => isDeploymentFileName(basename(f)));
  assert.ok(scanned.length > 100, `${scanned.length} deployment files`);
  const missed = scanned.map((f) => relative(root, f)).filter((f) => !watched(f));
  assert.deepEqual(missed, []);
});

test('scripts, units, compose files, env files, certificates, keys and CA databases are watched; unrelated files are not', () => {
  for (const p of ['deploy/start.sh', 'etc/systemd/cockroach.service', 'docker-compose.yml', 'compose.yaml', 'ops/Dockerfile', 'ops/Dockerfile.prod', 'db/postgres.Dockerfile', 'db/pg.dockerfile', 'Containerfile', '.env', 'app/.env.production', 'jdbc.properties', 'certs/node.crt', 'certs/node.key', 'pki/ca.pem', 'ca/index.txt', 'ca/serial.srl', 'store.p12', 'openssl.cnf', 'postgresql.conf', 'dm-master.toml'])
    {assert.ok(watched(p), p);}
  for (const p of ['src/main.ts', 'notes.txt', 'image.png']) assert.ok(!watched(p), p);
});

test('every file the openssl commands of the workspace are looked for in is watched (a change there changes how a configuration file is used)', () => {
  for (const p of ['certs/gen.sh', 'Makefile', 'certs/makefile', 'GNUmakefile', 'rules.mk', 'justfile', 'Justfile', 'tls.just', 'README.md', 'docs/setup.md', 'ops/Dockerfile', '.github/workflows/ci.yml', '.gitlab-ci.yml', 'run.zsh']) {
    assert.ok(isScriptName(basename(p)), `${p}: scanned`);
    assert.ok(watched(p), `${p}: watched`);
  }
});

test('container build files by any of their usual names are linted, indexed and watched; names that only contain the word are not', () => {
  for (const name of ['Dockerfile', 'Dockerfile.dev', 'Dockerfile-prod', 'postgres.Dockerfile', 'db.dockerfile', 'Containerfile', 'Containerfile.fedora']) {
    assert.ok(isDeploymentFileName(name), `${name}: scanned for server commands`);
    assert.ok(appliesToSetup({ path: `/w/ops/${name}`, text: 'FROM postgres:15\n' } as Parameters<typeof appliesToSetup>[0]), `${name}: linted`);
    assert.ok(indexedFile(`/w/ops/${name}`), `${name}: a change re-checks the deployment`);
    assert.ok(watched(`ops/${name}`), `${name}: watched`);
  }
  for (const name of ['Dockerfiles.md', 'notDockerfile.txt', 'dockerfile-lint.json']) assert.ok(!isDeploymentFileName(name), name);
});
