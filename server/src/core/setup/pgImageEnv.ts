/**
 * The official PostgreSQL image's environment as its entrypoint uses it on a first start
 * (docker-library/postgres docker-entrypoint.sh): POSTGRES_INITDB_ARGS goes to initdb, and
 * POSTGRES_HOST_AUTH_METHOD becomes the method of the `host all all all <method>` row it
 * appends to pg_hba.conf. "cert" there is refused: PostgreSQL takes cert only on hostssl
 * rows ("cert authentication is only supported on hostssl connections", then "could not load
 * pg_hba.conf"), and initdb refuses it for local rows (--auth=cert). Checked with PostgreSQL
 * 15's initdb and server. Wherever the variables are set (envVars: compose, Kubernetes,
 * Dockerfile `ENV`, .env files, shell lines), on the value. The method is the value's first
 * word (`cert clientcert=verify-full` is written after the address as it stands). A server
 * started with its own `-c hba_file=…` in the same service or container never reads the rows
 * written into $PGDATA/pg_hba.conf: the host method is then harmless (--auth=cert still stops
 * initdb).
 */
import type { Finding } from '../types';
import { tr } from '../l10n';
import { envVarsOf, type EnvVar } from './envVars';
import { findPgCommands, type PgCommand } from './pgCommands';

const names = new Set(['POSTGRES_HOST_AUTH_METHOD', 'POSTGRES_INITDB_ARGS']);

/**
 * Whether the server started for `e` reads another pg_hba.conf: a `-c hba_file=…` in the command
 * of the same service or container (the entrypoint and initdb write $PGDATA/pg_hba.conf, which
 * that server never reads). A path under the image's data directory is that file again.
 */
function ownHbaFile(e: EnvVar, commands: readonly PgCommand[], vars: readonly EnvVar[]): boolean {
  const pgdata = (vars.find((v) => v.name === 'PGDATA' && v.scope.start === e.scope.start)?.value ?? '/var/lib/postgresql/data').replace(/\/+$/, '');
  return commands.some((c) => {
    if (c.start < e.scope.start || c.start >= e.scope.end) return false;
    const hba = c.settings.get('hba_file')?.value.replace(/^["']|["']$/g, '');
    return hba !== undefined && hba !== '' && !hba.includes('$') && hba !== `${pgdata}/pg_hba.conf`;
  });
}

export function checkPgImageEnv(path: string, text: string): Finding[] {
  const out: Finding[] = [];
  const vars = envVarsOf(path, text);
  // The file's server commands, read once and only when a cert value needs them.
  let commands: readonly PgCommand[] | undefined;
  const ownHba = (e: EnvVar): boolean => ownHbaFile(e, (commands ??= findPgCommands(path, text)), vars);
  for (const e of vars) {
    if (!names.has(e.name) || !e.value || e.value.includes('$')) continue;
    if (e.name === 'POSTGRES_HOST_AUTH_METHOD') {
      // The entrypoint writes the whole value after the address: `cert clientcert=verify-full` is cert too.
      const method = /^\s*(\S+)/.exec(e.value)?.[1];
      if (method !== 'cert' || ownHba(e)) continue;
      const at = e.start + e.value.indexOf(method);
      out.push({
        code: 'PG-003',
        severity: 'error',
        start: at,
        end: at + method.length,
        message: tr`POSTGRES_HOST_AUTH_METHOD=cert: the postgres image's entrypoint appends "host all all all cert" to pg_hba.conf, and PostgreSQL takes cert only on hostssl rows ("cert authentication is only supported on hostssl connections", "could not load pg_hba.conf"): the container's first start fails. Keep a password method here and add hostssl … cert rows of your own (an init script, or an hba_file).`,
      });
      continue;
    }
    // POSTGRES_INITDB_ARGS: initdb's --auth-host / --auth / -A with cert.
    const re = /(?:^|\s)(--auth-host(?:=|\s+)|--auth(?:=|\s+)|-A\s*)(["']?)cert\2(?=\s|$)/g;
    for (let m = re.exec(e.value); m; m = re.exec(e.value)) {
      const tokStart = e.start + m.index + m[0].length - m[0].trimStart().length;
      const tokEnd = e.start + m.index + m[0].length;
      const host = m[1]!.startsWith('--auth-host');
      // --auth-host=cert writes rows of $PGDATA/pg_hba.conf only; --auth=cert fails in initdb itself.
      if (host && ownHba(e)) continue;
      out.push({
        code: 'PG-003',
        severity: 'error',
        start: tokStart,
        end: tokEnd,
        message: host
          ? tr`initdb --auth-host=cert writes "host … cert" rows into pg_hba.conf, and PostgreSQL takes cert only on hostssl rows ("cert authentication is only supported on hostssl connections", "could not load pg_hba.conf"): the server the image starts after initdb fails. Keep a password method for host rows and add hostssl … cert rows of your own.`
          : tr`initdb refuses cert for all rows ("invalid authentication method \"cert\" for \"local\" connections"): the container's initialization fails. cert applies only to hostssl rows; give local rows another method (--auth-local) and add hostssl … cert rows of your own.`,
      });
    }
  }
  return out;
}
