/** `certwright ca create`. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { profileLayout, type IssueOperation } from '../core/issue';
import type { RotationOptions, RotationStatus, RotationStep } from '../core/issue/rotation';
import { adoptedRotationRefusal } from '../core/issue/caLayout';
import { LAYOUT_FILE } from '../core/issue/layout';
import { UsageError, writeRaw, type CliCommand } from './command';
import { readPassphrase } from './passphrase';
import { cliLayout, commonOptions, commonOptionsHelp, daysOption, keyOption, operationFailure, profileOption, requireDir, refuseAdopted, runAndWrite, runOptions } from './issue';
import { parseArgs } from './args';
import { tr } from '../core/l10n';
import { errorLine, localise, lockWaitNote, printJson, recoveredLine, warningLine, writtenLine } from './report';

export const caCreateCommand: CliCommand = {
  path: ['ca', 'create'],
  summary: tr`Create a CA for cockroach|dm|postgres|generic (key, certificate, OpenSSL CA state)`,
  help: [
    tr`Usage: certwright ca create --profile cockroach|dm|postgres|generic --dir DIR [options]`,
    tr`Creates a CA: basicConstraints critical CA:TRUE (pathlen: cockroach 1, dm and
postgres 0, generic none), keyUsage critical keyCertSign+cRLSign+digitalSignature,
SKI/AKI, random positive 16-byte serial; an empty CRL; and the CA state in
OpenSSL's own formats beside the CA key (index.txt, index.txt.attr, serial,
crlnumber, newcerts/, openssl-ca.cnf) so that \`openssl ca -config
<caDir>/openssl-ca.cnf\` can carry on from it (run from DIR). Files:
  cockroach  certs/ca.crt, ca-private/ca.key (+ state), certs/ca.crl
  dm         ca.pem, ca-private/ca-key.pem (+ state), ca.crl
  postgres   root.crt, ca-private/root.key (+ state), root.crl
  generic    ca.crt, ca-private/ca.key (+ state), ca.crl
Keys are PKCS#8 PEM, mode 0600, in folders of mode 0700.`,
    tr`With --parent PARENT_DIR the new CA is an intermediate: its key and state are
created in DIR, its certificate is signed by the CA in PARENT_DIR (whose key
never leaves PARENT_DIR: that folder can be kept offline afterwards, and is
needed again only to renew or revoke the intermediate), and the parent's
database records it. DIR's CA file is a bundle (the intermediate, then the
parent's CA file), which is what each system reads as its CA: CockroachDB
certs/ca.crt, DM ssl-ca (ca.pem), PostgreSQL ssl_ca_file / libpq root.crt.
Leaf files issued from DIR carry the intermediate after the leaf (the chain a
TLS peer sends), and DIR's CRL file holds the intermediate's CRL followed by
a copy of the parent's (PostgreSQL checks a CRL for every CA of a chain). The
parent must allow an intermediate: pathlen 1 or more (--pathlen on the root).`,
    [
      tr`Options:`,
      tr`  --profile P          target system (required)`,
      tr`  --key TYPE           rsa2048 (default)|rsa3072|rsa4096|p256|p384|ed25519`,
      tr`  --cn NAME            CA common name (default per profile, e.g. "Cockroach CA")`,
      tr`  --org NAME           organization (default: cockroach "Cockroach", others none)`,
      tr`  --days N             validity in days (default 3650; intermediate 1825)`,
      tr`  --pathlen N          basicConstraints pathlen (default per profile; 1 lets the CA sign intermediates)`,
      tr`  --parent DIR         make an intermediate CA signed by the CA in DIR`,
      tr`  --parent-profile P   the parent's profile (default: the CA found in the parent DIR)`,
      tr`  --allow-capped       intermediate: end with the parent instead of refusing a longer validity`,
      tr`  --encrypt-key        encrypt the CA key (PKCS#8 PBES2: PBKDF2-HMAC-SHA256 x600000, AES-256-CBC;
                       openssl reads it with -passin); its passphrase from --passout`,
      tr`  --passout SPEC       passphrase for --encrypt-key: env:VAR or file:PATH
                       (--passin is the parent's, for --parent)`,
      ...commonOptionsHelp,
    ],
  ],
  async run(args, io) {
    const v = parseArgs(args, {
      ...commonOptions,
      profile: { type: 'string' },
      key: { type: 'string' },
      cn: { type: 'string' },
      org: { type: 'string' },
      days: { type: 'string' },
      pathlen: { type: 'string' },
      parent: { type: 'string' },
      'parent-profile': { type: 'string' },
      'allow-capped': { type: 'boolean' },
      'encrypt-key': { type: 'boolean' },
      passout: { type: 'string' },
    }).values;
    const dir = requireDir(io, v.dir);
    refuseAdopted(dir, 'ca create');
    const profile = profileOption(v.profile, true);
    const keyType = keyOption(v.key);
    const days = daysOption(v.days);
    if (v.pathlen !== undefined && !/^[0-8]$/.test(v.pathlen)) throw new UsageError(tr`--pathlen must be a whole number from 0 to 8`);
    if (v['encrypt-key'] && v.passout === undefined) throw new UsageError(tr`--encrypt-key needs --passout env:VAR or file:PATH (the passphrase)`);
    if (v.passout !== undefined && !v['encrypt-key']) throw new UsageError(tr`--passout is the passphrase for --encrypt-key`);
    const keyPassphrase = readPassphrase(v.passout, '--passout', io.cwd);
    const common = { profile, ...(keyPassphrase !== undefined ? { keyPassphrase } : {}), ...(keyType ? { keyType } : {}), ...(v.cn !== undefined ? { commonName: v.cn } : {}), ...(v.org !== undefined ? { organization: v.org } : {}), ...(days ? { days } : {}) };
    if (v.parent === undefined) {
      const op: IssueOperation = { kind: 'createCa', ...common, ...(v.pathlen !== undefined ? { pathLen: Number(v.pathlen) } : {}) };
      return runAndWrite(io, op, runOptions(dir, v));
    }
    if (v.pathlen !== undefined) throw new UsageError(tr`--pathlen is for a root; an intermediate's pathlen is one less than its parent's`);
    const parentDir = path.resolve(io.cwd, v.parent);
    if (parentDir === dir) throw new UsageError(tr`--parent must be another folder than --dir: the root key stays apart from the intermediate`);
    const parentProfile = profileOption(v['parent-profile'], false, parentDir);
    let parentCrlPem: string | undefined;
    try {
      parentCrlPem = fs.readFileSync(path.join(parentDir, cliLayout(parentDir, parentProfile).crl), 'utf8');
    } catch {
      parentCrlPem = undefined;
    }
    const op: IssueOperation = { kind: 'createIntermediate', ...common, parentProfile, ...(parentCrlPem ? { parentCrlPem } : {}), ...(v['allow-capped'] ? { allowCapped: true } : {}) };
    return runAndWrite(io, op, { ...runOptions(dir, v), parentDir });
  },
};

// ---------------------------------------------------------------------------------------------
// ca rotate

const stepNames = ['new-ca', 'publish', 'reissue', 'retire', 'status'] as const;

export const caRotateCommand: CliCommand = {
  path: ['ca', 'rotate'],
  summary: tr`Rotate the CA in --dir to a new key: new-ca, publish, reissue, retire (status shows the step)`,
  help: [
    tr`Usage: certwright ca rotate <step> --dir DIR [options]`,
    tr`Replaces the CA of DIR with a new CA (a new key) without any connection failing,
the way CockroachDB documents CA rotation. Steps, in order (each idempotent: a
step that is done already changes nothing and exits 0; a step out of order is
refused with the step that comes next):`,
    [
      tr`  status    which step the rotation is at, what comes next, and which
            certificates in DIR still come from the old CA`,
      tr`  new-ca    create the new CA (new key) beside the old one, in
            <caDir>/rotation/; nothing any system reads changes`,
      tr`  publish   the CA file (cockroach certs/ca.crt, dm ca.pem = ssl-ca, postgres
            root.crt = ssl_ca_file / libpq's root.crt) and every copy of it in
            DIR (certs/<node>/ca.crt, certs/ca-client.crt...) become a bundle of
            the old and the new CA; the CRL file gets the new CA's CRL too.
            Copy them to every node and client and reload before the next step`,
      tr`  reissue   the new CA takes over (its key becomes the CA key; the old CA's
            key, certificate and database move to <caDir>/retired/<serial>/),
            and every certificate of the old CA in DIR is issued again by the
            new CA with the same subject, SANs and usages (same keys unless
            --new-key). Run it again to pick up certificates added later`,
      tr`  retire    the old CA leaves the bundle and the CRL file; refused, with the
            list, while a valid certificate of the old CA is still in DIR`,
    ],
    tr`Every step takes the CA lock and commits its files and the rotation state
(<caDir>/rotation/state.json) in one journal: an interrupted step is completed
or rolled back by the next certwright operation on the CA.`,
    tr`An adopted openssl ca or easy-rsa CA (certwright adopt) rotates in its own CA
folder (demoCA/, pki/: rotation/, retired/<serial>/): its tool goes on reading
the CA file, key and database where it always has, and signs with the new CA
after reissue. Until retire, publish CRLs with certwright crl: the tool's own
gen-crl writes the issuing CA's CRL alone.`,
    [
      tr`Options:`,
      tr`  --profile P          cockroach|dm|postgres|generic (default: the CA found in DIR)`,
      tr`  --dry-run            show what the step would write; write nothing`,
      tr`  --key TYPE           new-ca: key type of the new CA (default: the old CA's)`,
      tr`  --cn NAME            new-ca: common name of the new CA (default: the old CN + today's date)`,
      tr`  --days N             new-ca: validity of the new CA (default 3650)`,
      tr`  --start-new          new-ca: begin another rotation after a completed one`,
      tr`  --leaf-days N        reissue: validity of the re-issued certificates (default 825)`,
      tr`  --new-key            reissue: new keys for the re-issued certificates`,
      tr`  --allow-capped       reissue: end with the CA instead of refusing a longer validity`,
      tr`  --dir DIR            the CA's folder (required)`,
      tr`  --json               print the result as JSON (never key contents)`,
      tr`  -h, --help           this help`,
    ],
  ],
  async run(args, io) {
    const step = args[0] && !args[0].startsWith('-') ? args[0] : undefined;
    if (!step || !(stepNames as readonly string[]).includes(step)) throw new UsageError(tr`give a step: ${stepNames.join(', ')}`);
    const v = parseArgs(args.slice(1), {
      dir: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      profile: { type: 'string' },
      'dry-run': { type: 'boolean' },
      key: { type: 'string' },
      cn: { type: 'string' },
      days: { type: 'string' },
      'start-new': { type: 'boolean' },
      'leaf-days': { type: 'string' },
      'new-key': { type: 'boolean' },
      'allow-capped': { type: 'boolean' },
    }).values;
    const dir = requireDir(io, v.dir);
    const profile = profileOption(v.profile, false, dir);
    // An adopted openssl ca or easy-rsa CA rotates in its own CA folder (demoCA/, pki/), where its tools read the CA; another kind is refused with the choices.
    const adopted = fs.existsSync(path.join(dir, LAYOUT_FILE)) ? cliLayout(dir, profile) : undefined;
    const refused = adopted && adoptedRotationRefusal(dir, adopted);
    if (refused) throw new UsageError(refused);
    const keyType = keyOption(v.key);
    const days = daysOption(v.days);
    const leafDays = daysOption(v['leaf-days'], '--leaf-days');
    const options: RotationOptions = {
      ...(keyType ? { keyType } : {}),
      ...(v.cn !== undefined ? { commonName: v.cn } : {}),
      ...(days ? { days } : {}),
      ...(leafDays ? { leafDays } : {}),
      ...(v['new-key'] ? { newKey: true } : {}),
      ...(v['allow-capped'] ? { allowCapped: true } : {}),
      ...(v['start-new'] ? { startNew: true } : {}),
    };
    const layout = adopted ?? profileLayout(profile);
    const fail = (message: string): number => {
      if (v.json) printJson(io, { ok: false, step, error: message });
      io.err(errorLine(message));
      return 1;
    };
    if (!fs.existsSync(path.join(dir, layout.caKey))) return fail(tr`no ${profile} CA in ${dir}: expected ${layout.caCert} and ${layout.caKey}`);
    const { runRotation } = await import('../core/issue/rotationRun.js');
    const { nodeEnvironment } = await import('../node/nodeEnvironment.js');
    const { nodeStoreFs } = await import('../node/writePlan.js');
    const { rotationCandidates } = await import('../node/rotationFiles.js');
    let r: Awaited<ReturnType<typeof runRotation>>;
    try {
      const { leafFolders } = await import('../core/issue/rotation.js');
      r = await runRotation(nodeEnvironment(), nodeStoreFs(dir, undefined, lockWaitNote(io)), () => rotationCandidates(dir, layout.caDir, leafFolders(layout)), { profile, step: step as RotationStep | 'status', options, dryRun: Boolean(v['dry-run']), ...(adopted ? { layout: adopted } : {}) });
    } catch (e) {
      const failure = operationFailure(e);
      if (failure === undefined) throw e;
      return fail(failure);
    }
    const s = r.status;
    if (v.json) {
      const res = r.result;
      writeRaw(
        io,
        `${JSON.stringify(
          {
            ok: true,
            step,
            dir,
            profile,
            ...(res ? { alreadyDone: res.alreadyDone, dryRun: Boolean(v['dry-run']) } : {}),
            phase: s.phase,
            next: s.next ?? null,
            ...(res
              ? {
                  planned: res.plan.files.map((f) => ({ path: f.path, kind: f.kind, description: f.description })),
                  written: (r.commit?.written ?? []).map((w) => ({ path: w.path, absolutePath: path.join(dir, w.path), kind: w.kind, description: w.description, replaced: w.replaced })),
                  unchanged: r.commit?.unchanged ?? [],
                  removed: r.removed,
                  reissued: res.reissued,
                  messages: res.messages,
                  warnings: [...res.warnings, ...(r.commit?.warnings ?? [])],
                }
              : {}),
            status: s,
            ...(r.recovered ? { recovered: r.recovered } : {}),
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    if (r.recovered) io.err(recoveredLine(r.recovered));
    const res = r.result;
    if (res) {
      for (const w of [...res.warnings, ...(r.commit?.warnings ?? [])]) io.err(warningLine(w));
      if (v['dry-run']) {
        io.out(`${tr`${step} would write:`}\n`);
        for (const f of res.plan.files) writeRaw(io, `  ${path.join(dir, f.path)}  (${localise(io, f.description)})\n`);
        for (const c of res.cleanup) io.out(`${tr`  remove ${path.join(dir, c.path)}`}\n`);
      } else {
        for (const w of r.commit?.written ?? []) io.out(writtenLine(dir, w));
        for (const p of r.removed) io.out(`${tr`  removed        ${path.join(dir, p)}`}\n`);
      }
      for (const m of res.messages) io.out(`${m}\n`);
      return 0;
    }
    writeRaw(io, `${formatRotationStatus(s, dir, (t) => localise(io, t))}\n`);
    return 0;
  },
};

/** The status in the user's language (`words`): the step and certificate rows are put together from localised words, so the result is written as it is. */
function formatRotationStatus(s: RotationStatus, dir: string, words: (text: string) => string): string {
  const lines = [tr`CA rotation of ${dir} (${s.profile}): ${s.summary}`];
  lines.push(tr`  issuing CA: ${s.issuing.subject} (serial ${s.issuing.serial}, until ${s.issuing.notAfter})`);
  if (s.old && s.phase !== 'retired') lines.push(tr`  old CA:     ${s.old.subject} (serial ${s.old.serial}, until ${s.old.notAfter})`);
  if (s.new) lines.push(tr`  new CA:     ${s.new.subject} (serial ${s.new.serial}, until ${s.new.notAfter})`);
  const out = lines.map(words);
  for (const st of s.steps) out.push(`  [${st.done ? 'x' : ' '}] ${st.step.padEnd(8)} ${words(st.title)}`);
  if (s.next) out.push(words(tr`  next: certwright ca rotate ${s.next} --dir ${dir}`));
  if (s.phase !== 'none') for (const l of s.leaves) out.push(`  ${words(l.issuer === 'old' ? tr`old CA` : tr`new CA`)}  ${l.path}  ${l.subject}${l.dead ? ` (${words(l.dead === 'revoked' ? tr`revoked` : tr`expired`)})` : ''}`);
  return out.join('\n');
}
