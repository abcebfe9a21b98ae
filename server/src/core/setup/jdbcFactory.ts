/**
 * pgJDBC's `sslfactory`: only its LibPQFactory (the default) reads sslrootcert, sslcert and
 * sslkey (pgjdbc MakeSSL / SocketFactoryFactory). NonValidatingFactory trusts every server
 * certificate and presents no client certificate; any other factory (DefaultJavaSSLFactory, an
 * application's own) verifies against the JVM's trust store, which Certwright cannot see, and
 * presents no client certificate either. sslmode=verify-full still checks the host name (MakeSSL
 * verifies the peer name whatever the factory). Checked with pgjdbc 42.5 against PostgreSQL 15.
 */
import type { Finding } from '../types';
import { tr } from '../l10n';
import type { ConnParam, ConnString } from './connStrings';

const libpqFactoryRe = /^org\.postgresql\.ssl\.(?:jdbc4\.)?LibPQFactory$/;

export interface JdbcFactory {
  readonly param: ConnParam;
  /** NonValidatingFactory: no chain, no usage check at all. */
  readonly nonValidating: boolean;
}

/** The sslfactory of a pgJDBC URL when it is not LibPQFactory (its files are then not read). */
export function jdbcSslFactory(conn: ConnString): JdbcFactory | undefined {
  if (conn.kind !== 'jdbc') return undefined;
  const param = conn.params.get('sslfactory');
  if (!param?.value || libpqFactoryRe.test(param.value)) return undefined;
  return { param, nonValidating: /(^|\.)NonValidatingFactory$/.test(param.value) };
}

/**
 * One finding on the factory when the URL names files it never reads: an error where the
 * server's pg_hba.conf row for the user asks for a client certificate (PostgreSQL: "connection
 * requires a valid client certificate"), else a warning.
 */
export function jdbcFactoryFinding(conn: ConnString, f: JdbcFactory, certRequired: boolean): Finding | undefined {
  const ignored = ['sslrootcert', 'sslcert', 'sslkey'].filter((k) => conn.params.get(k)?.value);
  if (!ignored.length) return undefined;
  const what = f.nonValidating ? tr`trusts every server certificate` : tr`verifies the server against the JVM's trust store`;
  return {
    code: 'PG-041',
    severity: certRequired ? 'error' : 'warning',
    start: f.param.start,
    end: f.param.end,
    message: certRequired
      ? tr`sslfactory=${f.param.value}: pgJDBC reads ${ignored.join(', ')} only with its LibPQFactory; this factory ${what} and presents no client certificate, and the server's pg_hba.conf row for this user asks for one: PostgreSQL refuses the connection ("connection requires a valid client certificate"). Remove sslfactory (LibPQFactory is the default).`
      : tr`sslfactory=${f.param.value}: pgJDBC reads ${ignored.join(', ')} only with its LibPQFactory; this factory ${what} and presents no client certificate, so those files are not used. Remove sslfactory (LibPQFactory is the default) or the parameters.`,
  };
}
