/**
 * Test fixtures made by the real openssl CLI in a temporary directory: keys,
 * CAs, leaves with chosen extensions, CSRs, CRLs, PKCS#7 bundles. Nothing is
 * committed; every run generates its own material.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class OpenSsl {
  readonly dir: string;
  private n = 0;

  constructor(prefix = 'cw-pem-') {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  /** Runs openssl in the temp dir; throws with stderr on failure. */
  run(args: readonly string[], input?: string): string {
    const r = spawnSync('openssl', args, { cwd: this.dir, input, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  read(name: string): string {
    return readFileSync(this.path(name), 'utf8');
  }

  bytes(name: string): Uint8Array {
    return new Uint8Array(readFileSync(this.path(name)));
  }

  write(name: string, text: string | Uint8Array): string {
    writeFileSync(this.path(name), text);
    return this.path(name);
  }

  unique(stem: string): string {
    return `${stem}-${++this.n}`;
  }

  /** A private key file (PKCS#8 PEM); `spec` is `rsa:2048`, `ec:prime256v1`, `ed25519`... */
  key(spec = 'ec:prime256v1', name = this.unique('key')): string {
    const file = `${name}.key`;
    if (spec.startsWith('rsa:')) this.run(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${spec.slice(4)}`, '-out', file]);
    else if (spec.startsWith('ec:')) this.run(['genpkey', '-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${spec.slice(3)}`, '-out', file]);
    else this.run(['genpkey', '-algorithm', spec, '-out', file]);
    return file;
  }

  /** A self-signed CA. `ext` lines go into the extension section. */
  ca(opts: { subj?: string; key?: string; ext?: string[]; days?: number; extra?: string[] } = {}): { cert: string; key: string } {
    const name = this.unique('ca');
    const key = opts.key ?? this.key('ec:prime256v1', name);
    const ext = opts.ext ?? ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign', 'subjectKeyIdentifier=hash'];
    const cnf = this.write(`${name}.cnf`, `[req]\ndistinguished_name=dn\n[dn]\n[ext]\n${ext.join('\n')}\n`);
    this.run(['req', '-x509', '-new', '-key', key, '-subj', opts.subj ?? `/CN=${name}`, '-days', String(opts.days ?? 365), '-config', cnf, '-extensions', 'ext', '-utf8', '-out', `${name}.crt`, ...(opts.extra ?? [])]);
    return { cert: `${name}.crt`, key };
  }

  /** A certificate issued by `issuer` through `openssl x509 -req`. */
  leaf(issuer: { cert: string; key: string }, opts: { subj?: string; key?: string; ext?: string[]; days?: number; extra?: string[]; name?: string } = {}): { cert: string; key: string } {
    const name = opts.name ?? this.unique('leaf');
    const key = opts.key ?? this.key('ec:prime256v1', name);
    const ext = opts.ext ?? ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth,clientAuth', 'subjectAltName=DNS:localhost,IP:127.0.0.1', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'];
    this.run(['req', '-new', '-key', key, '-subj', opts.subj ?? `/CN=${name}`, '-utf8', '-out', `${name}.csr`, '-config', this.write(`${name}.req.cnf`, '[req]\ndistinguished_name=dn\n[dn]\n')]);
    const extFile = this.write(`${name}.ext`, `${ext.join('\n')}\n`);
    this.run(['x509', '-req', '-in', `${name}.csr`, '-CA', issuer.cert, '-CAkey', issuer.key, '-days', String(opts.days ?? 90), '-extfile', extFile, '-out', `${name}.crt`, ...(opts.extra ?? ['-CAcreateserial'])]);
    return { cert: `${name}.crt`, key };
  }

  /** `openssl x509 -text -noout` (with `-nameopt utf8` so non-ASCII prints as text). */
  text(cert: string, command: 'x509' | 'req' | 'crl' = 'x509'): string {
    return this.run([command, '-in', cert, '-noout', '-text', '-nameopt', 'utf8']);
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The value after `label` on the line where it appears in openssl text output. */
export function field(text: string, label: string): string | undefined {
  const line = text.split('\n').find((l) => l.trimStart().startsWith(label));
  return line?.slice(line.indexOf(label) + label.length).trim();
}

/** The line after the one that starts with `label` (extension values). */
export function nextLine(text: string, label: string): string | undefined {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.trimStart().startsWith(label));
  return i === -1 ? undefined : lines[i + 1]?.trim();
}

/** OpenSSL time text (`Nov 25 14:01:39 2026 GMT`) → ISO. */
export function opensslDate(s: string): string {
  return new Date(s.replace(' GMT', 'Z').replace(/^(\w+)\s+(\d+) (\S+) (\d+)Z$/, '$1 $2 $4 $3 UTC')).toISOString().replace('.000Z', 'Z');
}
