/**
 * The project an editor test opens, made with the real openssl: an openssl.cnf
 * with a missing `.include` (CNF-050) and a subject without `prompt = no`
 * (REQ-008, which has a quick fix), a certificate that expires in 10 days
 * (PEM-EXPIRING), a DM worker config whose key belongs to another certificate
 * (DM-019; fixed on disk by copying the matching certificate), and a MySQL
 * `my.cnf` the editor must not hand to the server. Also a `bin/` holding
 * `certwright-language-server` (the built `bin` entry), to put first on PATH. And a
 * CockroachDB certs folder whose node.key others may read (CRDB-021, a quick fix that
 * runs a command: chmod 0600).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dmPki, makePki, type Pki } from '../unit/setup/helpers';

export const serverBin = resolve(__dirname, '../../dist/server/server.js');

export interface EditorWorkspace {
  readonly pki: Pki;
  readonly dir: string;
  readonly binDir: string;
  /** Where the test writes editor state (HOME, XDG dirs) and results. */
  readonly stateDir: string;
  readonly files: Record<'cnf' | 'extraCnf' | 'pem' | 'toml' | 'myCnf' | 'dmCert' | 'otherCert' | 'otherKey' | 'crdbKey', string>;
}

export function makeEditorWorkspace(prefix: string): EditorWorkspace {
  const pki = makePki(prefix);
  const { ca } = dmPki(pki);
  pki.leaf({ cert: 'tls/other.pem', key: 'tls/other.key', ca, cn: 'other', san: 'IP:127.0.0.1', eku: 'serverAuth,clientAuth' });
  pki.leaf({ cert: 'soon.pem', key: 'private/soon.key', ca, cn: 'soon', days: 10 });
  // A CockroachDB certs folder whose node key others can read (CRDB-021, fixed by the chmod quick fix).
  pki.write('crdb/certs/.keep', '');
  const crdbCa = pki.ca({ cert: 'crdb/certs/ca.crt', key: 'crdb/private/ca.key', cn: 'Cockroach CA' });
  pki.leaf({ cert: 'crdb/certs/node.crt', key: 'crdb/certs/node.key', ca: crdbCa, subj: '/O=Cockroach/CN=node', san: 'DNS:localhost,DNS:node', eku: 'serverAuth,clientAuth', keyMode: 0o644 });
  pki.leaf({ cert: 'crdb/certs/client.root.crt', key: 'crdb/certs/client.root.key', ca: crdbCa, cn: 'root', eku: 'clientAuth' });
  const extraCnf = pki.path('extra.cnf');
  const cnf = pki.write('openssl.cnf', ['# Certwright editor test', `.include ${extraCnf}`, '[ req ]', 'distinguished_name = dn', '[ dn ]', 'CN = example', ''].join('\n'));
  const toml = pki.write(
    'conf/dm-worker.toml',
    'name = "worker1"\nworker-addr = ":8262"\nadvertise-addr = "127.0.0.1:8262"\njoin = "127.0.0.1:8261"\nssl-ca = "../tls/ca.pem"\nssl-cert = "../tls/dm.pem"\nssl-key = "../tls/other.key"\n',
  );
  const myCnf = pki.write('my.cnf', '[mysqld]\ndatadir = /var/lib/mysql\nssl-ca = /etc/mysql/ca.pem\n# no equals sign on the next line is fine for MySQL\nskip-name-resolve\n');
  const binDir = pki.path('bin');
  mkdirSync(binDir, { recursive: true });
  chmodSync(serverBin, 0o755);
  symlinkSync(serverBin, join(binDir, 'certwright-language-server'));
  const stateDir = pki.path('.editor-state');
  mkdirSync(stateDir, { recursive: true });
  // A project under version control, as users keep theirs: Eglot takes the repository as
  // the project (else each folder is its own) and watches the folders of its files.
  writeFileSync(pki.path('.gitignore'), '.editor-state/\nbin/\n');
  const git = spawnSync('git', ['init', '-q', pki.dir], { encoding: 'utf8' });
  if (git.status !== 0) throw new Error(`git init failed: ${git.stderr}`);
  return {
    pki,
    dir: pki.dir,
    binDir,
    stateDir,
    files: { cnf, extraCnf, pem: pki.path('soon.pem'), toml, myCnf, dmCert: pki.path('tls/dm.pem'), otherCert: pki.path('tls/other.pem'), otherKey: pki.path('tls/other.key'), crdbKey: pki.path('crdb/certs/node.key') },
  };
}

/**
 * Environment for an editor process: our server first on PATH, editor state kept in the
 * workspace. The server's code cache goes to a folder of its own outside it: the server an
 * editor started may still be writing its entries as it exits while the workspace is removed.
 */
export function editorEnv(ws: EditorWorkspace, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CERTWRIGHT_CODE_CACHE: join(tmpdir(), 'certwright-editor-tests-code-cache'),
    PATH: `${ws.binDir}:${process.env.PATH ?? ''}`,
    HOME: ws.stateDir,
    XDG_CONFIG_HOME: join(ws.stateDir, 'config'),
    XDG_DATA_HOME: join(ws.stateDir, 'data'),
    XDG_STATE_HOME: join(ws.stateDir, 'state'),
    XDG_CACHE_HOME: join(ws.stateDir, 'cache'),
    TERM: 'dumb',
    ...extra,
  };
}
