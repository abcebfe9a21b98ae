// The Reflect polyfill must load before @peculiar/x509.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate as NodeX509, createPrivateKey, createPublicKey } from 'node:crypto';
import { nodeEnvironment } from '../../../server/src/node/nodeEnvironment';
import { profileLayout, runIssueOperation, type CaMaterial, type IssueOperation, type IssueResult, type PlannedFile, type ProfileId } from '../../../server/src/core/issue';
import type { Environment } from '../../../server/src/core/environment';
import { planRotationStep, type RotationOptions, type RotationResult, type RotationSnapshot, type RotationStep } from '../../../server/src/core/issue/rotation';

/** A clock frozen at a whole second, so validity dates can be asserted exactly. */
export const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
export const env: Environment = nodeEnvironment({ now: () => NOW });

/** An in-memory folder: the plan executed onto a map, the way a front end would. */
export class MemoryDir {
  readonly files = new Map<string, PlannedFile>();
  readonly dirs = new Map<string, number>();

  apply(result: IssueResult): IssueResult {
    for (const d of result.plan.directories) this.dirs.set(d.path, d.mode);
    for (const f of result.plan.files) this.files.set(f.path, f);
    return result;
  }

  text(path: string): string {
    const f = this.files.get(path);
    if (!f) throw new Error(`no ${path} in ${[...this.files.keys()].join(', ')}`);
    return f.contents;
  }

  ca(profile: ProfileId): CaMaterial {
    const l = profileLayout(profile);
    return { certPem: this.text(l.caCert), keyPem: this.text(l.caKey), index: this.files.get(l.index)?.contents, crlnumber: this.files.get(l.crlnumber)?.contents };
  }

  async run(op: IssueOperation): Promise<IssueResult> {
    return this.apply(await runIssueOperation(env, op, op.kind === 'createCa' ? undefined : this.ca(op.profile)));
  }
}

export function parse(pem: string): x509.X509Certificate {
  return new x509.X509Certificate(pem);
}

export function nodeCert(pem: string): NodeX509 {
  return new NodeX509(pem);
}

/** DER bytes of the TBS issuer / subject Name of a certificate (walks the outer SEQUENCEs). */
export function rawNames(pem: string): { issuer: Buffer; subject: Buffer; serial: Buffer } {
  const der = Buffer.from(new x509.X509Certificate(pem).rawData);
  const read = (buf: Buffer, at: number): { tag: number; start: number; end: number; hdr: number } => {
    const tag = buf[at]!;
    let len = buf[at + 1]!;
    let hdr = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = (len << 8) | buf[at + 2 + i]!;
      hdr += n;
    }
    return { tag, start: at, end: at + hdr + len, hdr };
  };
  const cert = read(der, 0);
  const tbs = read(der, cert.start + cert.hdr);
  let at = tbs.start + tbs.hdr;
  const items: { start: number; end: number; tag: number; hdr: number }[] = [];
  while (at < tbs.end) {
    const it = read(der, at);
    items.push(it);
    at = it.end;
  }
  const off = items[0]!.tag === 0xa0 ? 1 : 0; // [0] version
  const issuer = items[off + 2]!;
  const subject = items[off + 4]!;
  const serial = items[off]!;
  return { issuer: der.subarray(issuer.start, issuer.end), subject: der.subarray(subject.start, subject.end), serial: der.subarray(serial.start + serial.hdr, serial.end) };
}

/** DER INTEGER content bytes of the serial. */
export function serialBytes(pem: string): Buffer {
  return rawNames(pem).serial;
}

export function keyMatchesCert(keyPem: string, certPem: string): boolean {
  const pub = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
  return Buffer.from(nodeCert(certPem).publicKey.export({ type: 'spki', format: 'der' })).equals(pub);
}

/**
 * A CA rotation step on a generic CA in `dir`, its plan executed as the writer does it (a file not
 * marked replace is never written over; the cleanup removes what still holds its contents).
 */
export async function rotationStep(dir: MemoryDir, step: RotationStep, options: RotationOptions = {}, profile: ProfileId = 'generic'): Promise<RotationResult> {
  const r = await planRotationStep(env, profile, step, options, rotationSnapshot(dir, profile));
  for (const f of r.plan.files) {
    if (!f.replace && dir.files.has(f.path) && dir.files.get(f.path)!.contents !== f.contents) throw new Error(`${f.path} would be overwritten`);
    dir.files.set(f.path, f);
  }
  for (const c of r.cleanup) if (dir.files.get(c.path)?.contents === c.contents) dir.files.delete(c.path);
  return r;
}

/** The certificate files of the folder outside the CA's own, as the CLI snapshots them for a rotation. */
export function rotationSnapshot(dir: MemoryDir, profile: ProfileId = 'generic'): RotationSnapshot {
  const caDir = `${profileLayout(profile).caDir}/`;
  return { files: [...dir.files.keys()].filter((p) => /\.(crt|pem|cer)$/.test(p) && !p.startsWith(caDir)), read: async (p) => dir.files.get(p)?.contents };
}

export { x509 };
