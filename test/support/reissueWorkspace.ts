/**
 * A PostgreSQL deployment with two mistakes a re-issue fixes, made by Certwright's
 * own CLI (in-process): a CA in pg/ (root.crt, ca-private/), the server's
 * certificate for db.internal and 127.0.0.1 only, and bob's client certificate;
 * app/wrong-host.env dials db.example.com with verify-full (PG-030, re-issue
 * server.crt with SAN db.example.com) and app/wrong-user.sh logs in as alice with
 * bob's certificate (PG-034, re-issue bob.crt with CN=alice). Shared by the unit,
 * protocol and peer tests of the quick fix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';

export interface ReissueWorkspace {
  readonly dir: string;
  path(rel: string): string;
  cli(...args: string[]): Promise<{ code: number; out: string; err: string }>;
}

const conn = 'host=db.internal port=5432 dbname=postgres sslmode=verify-full sslrootcert=../pg/root.crt';

export async function reissueWorkspace(dir: string): Promise<ReissueWorkspace> {
  const cli = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), cwd: dir });
    return { code, out, err };
  };
  const must = async (...args: string[]): Promise<void> => {
    const r = await cli(...args);
    if (r.code !== 0) throw new Error(`certwright ${args.join(' ')} failed (${r.code}): ${r.err}`);
  };
  await must('ca', 'create', '--profile', 'postgres', '--dir', 'pg', '--key', 'p256');
  await must('issue', 'node', '--dir', 'pg', '--san', 'db.internal', '--san', '127.0.0.1');
  await must('issue', 'client', '--dir', 'pg', '--user', 'bob', '--name', 'bob');
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  write('pg/postgresql.conf', "listen_addresses = '*'\nport = 5432\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_ca_file = 'root.crt'\nssl_crl_file = 'root.crl'\n");
  write('pg/pg_hba.conf', 'hostssl all all 0.0.0.0/0 cert\n');
  write('app/wrong-host.env', 'DATABASE_URL=postgresql://alice@db.example.com:5432/postgres?sslmode=verify-full&sslrootcert=../pg/root.crt\n');
  write('app/wrong-user.sh', `psql "${conn} user=alice sslcert=../pg/bob.crt sslkey=../pg/bob.key" -c 'select 1'\n`);
  return { dir, path: (rel) => path.join(dir, rel), cli };
}
