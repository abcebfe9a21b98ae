/**
 * Builds and runs the Go verifier (test/peers/go, standard library only) that checks
 * certificates the way CockroachDB and TiDB DM do. No network: GOPROXY=off, module
 * without dependencies; the build cache lives in .cache/go-build of the repository.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';

const root = resolve(__dirname, '../../..');
const source = join(root, 'test/peers/go');

export interface GoCheck {
  name: string;
  kind: 'verify' | 'handshake' | 'crdbdir' | 'dial' | 'parse';
  [field: string]: unknown;
}

export interface GoResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly notes?: string[];
}

function goEnv(): NodeJS.ProcessEnv {
  const cache = join(root, '.cache');
  mkdirSync(join(cache, 'go-build'), { recursive: true });
  return {
    ...process.env,
    GOFLAGS: '-mod=mod',
    GOCACHE: join(cache, 'go-build'),
    GOPATH: join(cache, 'gopath'),
    GOPROXY: 'off',
    GOTOOLCHAIN: 'local',
    GOTELEMETRY: 'off',
    CGO_ENABLED: '0',
  };
}

/** Compiles the verifier into a temporary folder and returns the binary's path. */
export function buildGoPeer(): string {
  const which = spawnSync('go', ['version'], { encoding: 'utf8', env: goEnv() });
  if (which.error || which.status !== 0) {
    throw new Error('the Go toolchain is missing: install it with `bash scripts/install-system-deps.sh` (Debian package golang-go)');
  }
  const out = join(mkdtempSync(join(tmpdir(), 'certwright-go-')), 'peercheck');
  const r = spawnSync('go', ['build', '-o', out, '.'], { cwd: source, encoding: 'utf8', env: goEnv(), timeout: 180_000 });
  if (r.error || r.status !== 0) throw new Error(`go build failed (${r.status}): ${r.error?.message ?? ''}\n${r.stdout}\n${r.stderr}`);
  return out;
}

/**
 * The verifier and a scratch folder for one test file: built before its tests, both removed
 * after them (read `work` and `peer` inside tests, once the hook has run).
 */
export function goPeerWorkspace(prefix: string): { readonly work: string; readonly peer: string } {
  const ws = { work: '', peer: '' };
  before(() => {
    ws.work = mkdtempSync(join(tmpdir(), prefix));
    ws.peer = buildGoPeer();
  });
  after(() => {
    if (ws.work) rmSync(ws.work, { recursive: true, force: true });
    if (ws.peer) rmSync(dirname(ws.peer), { recursive: true, force: true });
  });
  return ws;
}

/** Runs a batch of checks through the verifier; one result per check, same order. */
export function runGoChecks(binary: string, checks: readonly GoCheck[], cwd: string): GoResult[] {
  const r = spawnSync(binary, [], { cwd, input: JSON.stringify(checks), encoding: 'utf8', timeout: 120_000 });
  if (r.error || r.status !== 0) throw new Error(`peercheck failed (${r.status}): ${r.error?.message ?? ''}\n${r.stderr}`);
  const results = JSON.parse(r.stdout) as GoResult[];
  if (results.length !== checks.length) throw new Error(`peercheck answered ${results.length} results for ${checks.length} checks`);
  return results;
}

/**
 * Builds a command of test/peers/go in GOPATH mode against Debian's Go library packages
 * (/usr/share/gocode): no module download, no network. `packages` are the import paths it
 * needs, `debs` the packages that install them (named in the error when one is missing).
 */
function buildGopathPeer(name: string, packages: readonly string[], debs: string): string {
  for (const pkg of packages) {
    if (!existsSync(join('/usr/share/gocode/src', pkg))) {
      throw new Error(`${pkg} is missing from /usr/share/gocode: run \`bash scripts/install-system-deps.sh\` (Debian packages ${debs})`);
    }
  }
  const gopath = mkdtempSync(join(tmpdir(), `certwright-${name}-`));
  mkdirSync(join(gopath, 'src'));
  symlinkSync(join(source, name), join(gopath, 'src', name));
  const out = join(gopath, `${name}-bin`);
  const env = { ...goEnv(), GO111MODULE: 'off', GOFLAGS: '', GOPATH: `${gopath}:/usr/share/gocode` };
  const r = spawnSync('go', ['build', '-o', out, name], { cwd: gopath, encoding: 'utf8', env, timeout: 180_000 });
  if (r.error || r.status !== 0) throw new Error(`go build ${name} failed (${r.status}): ${r.error?.message ?? ''}\n${r.stdout}\n${r.stderr}`);
  return out;
}

/**
 * Builds test/peers/go/dmconf: DM's config decoding with the libraries DM uses
 * (gopkg.in/yaml.v2 strict, BurntSushi/toml), from the Debian packages
 * golang-gopkg-yaml.v2-dev and golang-github-burntsushi-toml-dev.
 */
export function buildDmConf(): string {
  return buildGopathPeer('dmconf', ['gopkg.in/yaml.v2', 'github.com/BurntSushi/toml'], 'golang-gopkg-yaml.v2-dev, golang-github-burntsushi-toml-dev');
}

/**
 * Builds test/peers/go/pqconnect: connections through lib/pq (Debian's golang-github-lib-pq-dev,
 * 1.10), the driver `cockroach workload` connects with.
 */
export function buildPqConnect(): string {
  return buildGopathPeer('pqconnect', ['github.com/lib/pq'], 'golang-github-lib-pq-dev');
}

export interface PqResult {
  readonly name: string;
  readonly ok: boolean;
  readonly user?: string;
  readonly error?: string;
}

/** Connects with each URL through lib/pq, from `cwd` (relative paths); one result per URL, same order. */
export function runPqConnect(binary: string, urls: ReadonlyArray<{ name: string; url: string }>, cwd: string, env: NodeJS.ProcessEnv): PqResult[] {
  const r = spawnSync(binary, [], { cwd, env, input: JSON.stringify(urls), encoding: 'utf8', timeout: 120_000 });
  if (r.error || r.status !== 0) throw new Error(`pqconnect failed (${r.status}): ${r.error?.message ?? ''}\n${r.stderr}`);
  return JSON.parse(r.stdout) as PqResult[];
}

export interface DmConfResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
}

/** Decodes each file as DM does; one result per file, same order. */
export function runDmConf(binary: string, files: ReadonlyArray<{ name: string; kind: 'task' | 'source' | 'dm-master' | 'dm-worker'; text: string }>): DmConfResult[] {
  const r = spawnSync(binary, [], { input: JSON.stringify(files), encoding: 'utf8', timeout: 60_000 });
  if (r.error || r.status !== 0) throw new Error(`dmconf failed (${r.status}): ${r.error?.message ?? ''}\n${r.stderr}`);
  return JSON.parse(r.stdout) as DmConfResult[];
}
