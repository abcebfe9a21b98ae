/**
 * The official PostgreSQL image's environment as its entrypoint uses it on a first start
 * (docker-library/postgres docker-entrypoint.sh): POSTGRES_INITDB_ARGS goes to initdb, and
 * POSTGRES_HOST_AUTH_METHOD becomes the method of the `host all all all <method>` row it
 * appends to pg_hba.conf. "cert" there is refused: PostgreSQL takes cert only on hostssl
 * rows ("cert authentication is only supported on hostssl connections", then "could not load
 * pg_hba.conf"), and initdb refuses it for local rows (--auth=cert). Checked with PostgreSQL
 * 15's initdb and server. Wherever the variables are set: compose `environment:` (map or
 * list), Kubernetes `env:` (name/value), Dockerfile `ENV`, .env files and shell lines.
 */
import type { Finding } from '../types';
import { tr } from '../l10n';

const nameRe = /\b(POSTGRES_HOST_AUTH_METHOD|POSTGRES_INITDB_ARGS)\b["']?/g;

interface EnvValue {
  readonly name: string;
  readonly value: string;
  readonly start: number;
}

/** Each value set for the two variables (at most 100), with where it starts. */
function envValues(text: string): EnvValue[] {
  const out: EnvValue[] = [];
  nameRe.lastIndex = 0;
  for (let m = nameRe.exec(text); m && out.length < 100; m = nameRe.exec(text)) {
    const after = m.index + m[0].length;
    const lineEnd = text.indexOf('\n', after) === -1 ? text.length : text.indexOf('\n', after);
    const rest = text.slice(after, lineEnd);
    // KEY: value, KEY=value, ENV KEY value; or Kubernetes' `- name: KEY` with `value:` on a line of its own.
    let v = /^[ \t]*(?:[:=][ \t]*|[ \t]+(?=\S))(.*)$/.exec(rest);
    let start = v ? after + rest.length - v[1]!.length : -1;
    if ((!v || !v[1]!.trim()) && /^["']?[ \t]*$/.test(rest)) {
      const next = /^\r?\n[ \t]*value[ \t]*:[ \t]*(.*)$/m.exec(text.slice(lineEnd, lineEnd + 2000));
      if (next && next.index === 0) {
        v = next;
        start = lineEnd + next[0].length - next[1]!.length;
      }
    }
    if (!v) continue;
    let value = v[1]!.replace(/[ \t]+#.*$/, '').replace(/\r$/, '').trimEnd();
    const q = value[0];
    if ((q === '"' || q === "'") && value.endsWith(q) && value.length > 1) {
      value = value.slice(1, -1);
      start++;
    }
    if (value && !value.includes('$')) out.push({ name: m[1]!, value, start });
  }
  return out;
}

export function checkPgImageEnv(text: string): Finding[] {
  const out: Finding[] = [];
  for (const e of envValues(text)) {
    if (e.name === 'POSTGRES_HOST_AUTH_METHOD') {
      if (e.value.trim() !== 'cert') continue;
      out.push({
        code: 'PG-003',
        severity: 'error',
        start: e.start,
        end: e.start + e.value.length,
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
