/**
 * Every kind of object the issuing commands write, for every profile and key type: CA,
 * intermediate, node and client certificates, CSRs, certificates signed from CSRs, renewed
 * leaves and CAs, and CRLs with and without entries. Run through the real CLI (a `cli`
 * function: in-process or a child process); test/fixtures/issue/written/ holds what the
 * @peculiar/x509 writer made of it, and written-equivalence.test.ts compares the current
 * writer's output with that through OpenSSL.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type Cli = (...args: string[]) => Promise<{ code: number; out: string; err: string }>;

export const matrixProfiles = ['cockroach', 'dm', 'postgres', 'generic'] as const;
export const matrixKeys = ['p256', 'p384', 'rsa2048', 'ed25519'] as const;

/** Names of the objects written (`<profile>-<key>-<what>`) → PEM text. */
export type Written = Map<string, string>;

async function run(cli: Cli, args: string[]): Promise<Record<string, unknown>> {
  const r = await cli(...args, '--json');
  if (r.code !== 0) throw new Error(`certwright ${args.join(' ')} failed (${r.code}): ${r.err}${r.out}`);
  return JSON.parse(r.out) as Record<string, unknown>;
}

type Listed = { written: { absolutePath: string; path: string; kind: string }[] };
/** The absolute path of a file the command wrote. */
const writtenPath = (j: Record<string, unknown>, kind: string): string => (j as Listed).written.find((f) => f.kind === kind && !f.path.includes('newcerts'))!.absolutePath;

/** Runs the matrix in `root` (created empty by the caller) and reads back what was written. */
export async function runWrittenMatrix(cli: Cli, root: string): Promise<Written> {
  const out: Written = new Map();
  const read = (name: string, file: string): void => {
    const text = fs.readFileSync(file, 'utf8');
    // Bundles (an intermediate's chain) keep their first object: the one written.
    out.set(name, text.slice(0, text.indexOf('-----END') + text.slice(text.indexOf('-----END')).indexOf('\n') + 1));
  };
  for (const profile of matrixProfiles) {
    for (const key of matrixKeys) {
      const dir = `${profile}-${key}`;
      const d = path.join(root, dir);
      const ca = await run(cli, ['ca', 'create', '--profile', profile, '--key', key, '--dir', d]);
      const caCert = writtenPath(ca, 'cert');
      const crl = writtenPath(ca, 'crl');
      read(`${dir}-ca`, caCert);
      read(`${dir}-crl-empty`, crl);
      const node = await run(cli, ['issue', 'node', '--dir', d, '--name', 'n1', '--san', 'n1.example.test', '--san', '10.0.0.1', '--san', '::1', '--san', 'URI:spiffe://example.test/n1']);
      read(`${dir}-node`, writtenPath(node, 'cert'));
      const client = await run(cli, ['issue', 'client', '--dir', d, '--user', profile === 'dm' ? 'dm' : 'alice']);
      read(`${dir}-client`, writtenPath(client, 'cert'));
      // A CSR made on the node side and signed here (the key never leaves its folder).
      const csrDir = path.join(root, `${dir}-csr`);
      const csr = await run(cli, ['csr', '--profile', profile, '--key', key, '--out', csrDir, '--name', 'n2', '--san', 'n2.example.test', '--san', '10.0.0.2']);
      read(`${dir}-csr`, csr.csr as string);
      const signed = await run(cli, ['sign', '--dir', d, '--profile', profile, '--name', 'n2', '--csr', csr.csr as string]);
      read(`${dir}-signed`, writtenPath(signed, 'cert'));
      const renewed = await run(cli, ['renew', '--dir', d, '--cert', writtenPath(node, 'cert'), '--add-san', 'n1b.example.test']);
      read(`${dir}-renewed`, writtenPath(renewed, 'cert'));
      await run(cli, ['revoke', '--dir', d, '--cert', writtenPath(client, 'cert'), '--reason', 'keyCompromise']);
      read(`${dir}-crl-revoked`, crl);
      const caRenewed = await run(cli, ['renew', '--dir', d, '--cert', caCert]);
      read(`${dir}-ca-renewed`, writtenPath(caRenewed, 'cert'));
    }
  }
  // Intermediates (cockroach allows one level: pathlen 1), and a leaf under one.
  for (const key of ['p256', 'rsa2048'] as const) {
    const dir = `intermediate-${key}`;
    const d = path.join(root, dir);
    const i = await run(cli, ['ca', 'create', '--profile', 'cockroach', '--key', key, '--dir', d, '--parent', path.join(root, `cockroach-${key}`)]);
    read(`${dir}-ca`, writtenPath(i, 'cert'));
    const node = await run(cli, ['issue', 'node', '--dir', d, '--name', 'n1', '--san', 'localhost']);
    read(`${dir}-node`, writtenPath(node, 'cert'));
  }
  return out;
}
