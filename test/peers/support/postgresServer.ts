/**
 * A throw-away PostgreSQL server for peer tests: initdb + postgres in a temporary
 * folder, listening on 127.0.0.1 only (unix socket inside the folder), with TLS
 * and client-certificate authentication. PostgreSQL refuses to run as root, so
 * when the test runs as root the server runs as the `postgres` account (runuser);
 * otherwise it runs as the current user. Every wait is bounded.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian (and the `postgresql` package on most distributions) puts the server binaries. */
export function findPostgresBin(): string {
  const candidates: string[] = [];
  if (process.env.CERTWRIGHT_PG_BIN) candidates.push(process.env.CERTWRIGHT_PG_BIN);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    for (const v of readdirSync(root).sort((a, b) => Number(b) - Number(a))) candidates.push(join(root, v, 'bin'));
  }
  for (const dir of candidates) if (existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb'))) return dir;
  throw new Error(
    'PostgreSQL server binaries not found (looked in $CERTWRIGHT_PG_BIN and /usr/lib/postgresql/*/bin). ' +
      'Install them with `bash scripts/install-system-deps.sh` (Debian package `postgresql`).',
  );
}

export function findPsql(bin: string): string {
  for (const p of [join(bin, 'psql'), '/usr/bin/psql']) if (existsSync(p)) return p;
  throw new Error('psql not found; install the Debian package `postgresql-client` (scripts/install-system-deps.sh installs `postgresql`).');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface TlsFiles {
  /** Server certificate, private key, trusted client CA and CRL (any may be replaced later). */
  readonly cert: string;
  readonly key: string;
  readonly ca: string;
  readonly crl: string;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function account(): { uid: number; gid: number } | undefined {
  if (!isRoot) return undefined;
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) throw new Error('running as root but there is no `postgres` account to run the server as (the postgresql package creates it)');
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

export class PostgresServer {
  readonly dir: string;
  readonly dataDir: string;
  readonly socketDir: string;
  readonly logFile: string;
  private readonly owner = account();
  private started = false;

  private constructor(readonly bin: string, readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'certwright-pg-'));
    this.dataDir = join(this.dir, 'data');
    this.socketDir = join(this.dir, 'sock');
    this.logFile = join(this.dir, 'server.log');
  }

  /** initdb + configuration; call start() afterwards. */
  static async create(): Promise<PostgresServer> {
    const bin = findPostgresBin();
    const server = new PostgresServer(bin, await freePort());
    server.init();
    return server;
  }

  /** Runs a server binary as the account that owns the cluster; bounded. */
  private run(cmd: string, args: string[], timeoutMs = 60_000): SpawnSyncReturns<string> {
    const full = join(this.bin, cmd);
    const [file, argv] = this.owner ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
    const r = spawnSync(file, argv, { encoding: 'utf8', timeout: timeoutMs, cwd: this.dir, env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
    return r;
  }

  private own(path: string): void {
    if (this.owner) chownSync(path, this.owner.uid, this.owner.gid);
  }

  private init(): void {
    this.own(this.dir);
    chmodSync(this.dir, 0o700);
    const r = this.run('initdb', ['-D', this.dataDir, '-U', 'postgres', '--auth-local=trust', '--auth-host=reject', '-E', 'UTF8', '--no-instructions']);
    if (r.status !== 0) throw new Error(`initdb failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    mkdirSync(this.socketDir, { mode: 0o700 });
    this.own(this.socketDir);
  }

  /**
   * Installs the TLS files into the data folder (copies, owned by the server account
   * with mode 0600 for the key — PostgreSQL insists: rules doc PG-010) and writes
   * postgresql.conf additions and pg_hba.conf.
   */
  configure(tls: TlsFiles): void {
    this.installTls(tls);
    const conf = [
      `listen_addresses = '127.0.0.1'`,
      `port = ${this.port}`,
      `unix_socket_directories = '${this.socketDir}'`,
      `ssl = on`,
      `ssl_cert_file = 'server.crt'`,
      `ssl_key_file = 'server.key'`,
      `ssl_ca_file = 'root.crt'`,
      `ssl_crl_file = 'root.crl'`,
      `logging_collector = off`,
      `log_connections = on`,
      `fsync = off`,
      `shared_buffers = 16MB`,
      `max_connections = 20`,
      '',
    ].join('\n');
    writeFileSync(join(this.dataDir, 'postgresql.conf'), `${readFileSync(join(this.dataDir, 'postgresql.conf'), 'utf8')}\n# certwright peer test\n${conf}`);
    writeFileSync(
      join(this.dataDir, 'pg_hba.conf'),
      ['# certwright peer test', 'local   all all                trust', 'hostssl all all 127.0.0.1/32   cert', ''].join('\n'),
    );
  }

  /** Copies the TLS files in (again); call reload() afterwards when running. */
  installTls(tls: TlsFiles): void {
    const files: Array<[string, string, number]> = [
      [tls.cert, 'server.crt', 0o644],
      [tls.key, 'server.key', 0o600],
      [tls.ca, 'root.crt', 0o644],
      [tls.crl, 'root.crl', 0o644],
    ];
    for (const [from, name, mode] of files) {
      const to = join(this.dataDir, name);
      copyFileSync(from, to);
      chmodSync(to, mode);
      this.own(to);
    }
  }

  /** Starts the server; `options` are postgres command-line settings (`-c name=value`), which override postgresql.conf. */
  start(options: readonly string[] = []): void {
    const r = this.tryStart(options);
    if (r.status !== 0) throw new Error(`pg_ctl start failed (${r.status}):\n${r.stdout}\n${r.stderr}\n--- server log ---\n${this.log()}`);
  }

  /** Starts the server and returns pg_ctl's result, whether it started or not. */
  tryStart(options: readonly string[] = []): SpawnSyncReturns<string> {
    const r = this.run('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-w', '-t', '30', ...(options.length ? ['-o', options.join(' ')] : []), 'start'], 45_000);
    if (r.status === 0) this.started = true;
    return r;
  }

  /**
   * Runs a shell script that starts or stops the server, with the server binaries first on
   * PATH: as the cluster's account (`asOwner`), or as the test runs (root, for a script that
   * uses su postgres -c itself); bounded. Notes a server it left running, for halt().
   */
  runScript(script: string, asOwner = true): SpawnSyncReturns<string> {
    const [file, argv] = this.owner && asOwner ? ['runuser', ['-u', 'postgres', '--', 'sh', script]] : ['sh', [script]];
    const r = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000, cwd: this.dir, env: { ...process.env, PATH: `${this.bin}:${process.env.PATH ?? ''}`, LC_ALL: 'C', LANG: 'C' } });
    if (r.error) throw new Error(`sh ${script}: ${r.error.message}`);
    if (existsSync(join(this.dataDir, 'postmaster.pid'))) this.started = true;
    return r;
  }

  /** Asks the server to re-read its configuration and TLS files, then waits (bounded) until it logged the reload. */
  async reload(timeoutMs = 15_000): Promise<void> {
    const before = this.log().split('received SIGHUP').length;
    const r = this.run('pg_ctl', ['-D', this.dataDir, 'reload']);
    if (r.status !== 0) throw new Error(`pg_ctl reload failed:\n${r.stdout}\n${r.stderr}`);
    await waitFor(() => this.log().split('received SIGHUP').length > before, timeoutMs, 'the server to log the reload');
    const tail = this.log().slice(-4000);
    if (/could not load|could not read|SSL configuration could not be loaded/i.test(tail)) {
      throw new Error(`the server rejected the reloaded TLS files:\n${tail}`);
    }
  }

  /** Runs SQL over the unix socket as the superuser (trust auth, no TLS). */
  admin(sql: string, psql = findPsql(this.bin)): string {
    const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', this.socketDir, '-p', String(this.port), '-U', 'postgres', '-d', 'postgres', '-c', sql];
    const [file, argv] = this.owner ? ['runuser', ['-u', 'postgres', '--', psql, ...args]] : [psql, args];
    const r = spawnSync(file, argv, { encoding: 'utf8', timeout: 20_000 });
    if (r.status !== 0) throw new Error(`admin SQL failed: ${sql}\n${r.stdout}\n${r.stderr}`);
    return r.stdout.trim();
  }

  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '(no server log)';
  }

  /**
   * Waits until the server log shows `pattern`: a backend logs why it refused a client after the
   * client has seen the refusal, so a log read at once may not hold the line yet.
   */
  async logShows(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    try {
      await waitFor(() => pattern.test(this.log()), timeoutMs, `the server log to show ${pattern}`);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- server log ---\n${this.log().slice(-4000)}`);
    }
  }

  /** Stops the server and removes its folder. */
  stop(): void {
    this.halt();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Stops the server and keeps its folder, to start it again (with other settings). */
  halt(): void {
    if (this.started) {
      this.started = false;
      const r = this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop'], 30_000);
      if (r.status !== 0) {
        // Last resort: the postmaster's pid is the first line of postmaster.pid.
        const pidFile = join(this.dataDir, 'postmaster.pid');
        if (existsSync(pidFile)) {
          const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
          if (pid > 0) {
            try {
              process.kill(pid, 'SIGKILL');
            } catch {
              /* already gone */
            }
          }
        }
      }
    }
  }
}

/** Polls `done` until it is true or the time is up; no fixed sleeps beyond a short poll interval. */
export async function waitFor(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Spawns a command with a time limit and collects its output. */
export function runBounded(file: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    // A child that exits before reading its input (psql refused by the server) closes the pipe: not an error of the run.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}
