/**
 * The node side of a CSR flow (`certwright csr`): a new key and a request carrying the
 * names the profile will issue, so the key never has to leave its host. The CA side
 * signs it with `certwright sign`, which decides the extensions anyway; the request
 * asks for the same ones so that `openssl req -text` shows the operator what to expect.
 */
import type { Environment } from '../environment';
import { leafKeyUsage, nameTextOf, OID_CLIENT_AUTH, OID_SERVER_AUTH, sanExtension } from './certs';
import { exportPkcs8Pem, generateKeyPair, isRsa, signingAlgorithm, toPem } from './keys';
import { genpkeyCommand, sanArg, shellQuote } from './openssl';
import { PlanBuilder, clientSans } from './operations';
import { clientFiles, nodeCommonName, nodeFiles, profiles } from './profiles';
import { IssueError, type KeyType, type ProfileId, type WritePlan } from './types';
import { checkDnValue, checkFileName, checkKeyType, checkProfile, formatSans, parseSans } from './validate';
import { extKeyUsageExtension, keyUsageExtension, nameDer, signRequest, spkiOf, type RawExtension } from './writer';
import { tr } from '../l10n';

export interface CsrRequest {
  readonly profile: ProfileId;
  readonly role: 'node' | 'client';
  /** Node: at least one DNS name or IP address. Client: extra SANs. */
  readonly sans?: readonly string[];
  /** Node: overrides the profile's CN. Client: the user (default: the profile's). */
  readonly commonName?: string;
  /** File stem, as `issue node|client --name`. */
  readonly name?: string;
  /** Default p256: fast to make, accepted by CockroachDB, DM, PostgreSQL and pgjdbc. */
  readonly keyType?: KeyType;
}

export interface CsrResult {
  /** The key (0600) and the request, at paths relative to the output folder. */
  readonly plan: WritePlan;
  readonly keyPath: string;
  readonly csrPath: string;
  readonly subject: string;
  readonly sans: readonly string[];
  /** The same with openssl, run in the output folder. */
  readonly opensslCommands: readonly string[];
  /** The command the CA side runs next. */
  readonly signCommand: string;
}

const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

export async function makeCsr(env: Environment, req: CsrRequest): Promise<CsrResult> {
  const profile = profiles[checkProfile(req.profile)];
  const keyType = checkKeyType(req.keyType ?? 'p256');
  if (req.role !== 'node' && req.role !== 'client') throw new IssueError(tr`role must be node or client, not ${JSON.stringify(req.role)}`);
  const name = req.name === undefined || req.name === '' ? undefined : checkFileName(req.role === 'node' ? tr`node name` : tr`file name`, req.name);
  let cn: string;
  let sans;
  let files;
  if (req.role === 'node') {
    sans = parseSans(req.sans ?? []);
    cn = checkDnValue(tr`common name`, req.commonName || nodeCommonName(profile.id, name, sans.dns));
    files = nodeFiles(profile, name);
  } else {
    cn = checkDnValue('user', req.commonName || profile.defaultUser);
    if (profile.id === 'cockroach' || (profile.id === 'generic' && !name)) checkFileName('user', cn);
    sans = clientSans(profile, cn, req.sans);
    files = clientFiles(profile, cn, name);
  }
  const serverAuth = req.role === 'node' || profile.clientServerAuth;
  // Flat files in the output folder: it is the node's own certs folder, not the CA's layout.
  const keyPath = base(files.key);
  const csrPath = base(files.cert).replace(/(-cert)?\.(crt|pem)$/, '') + '.csr';
  const keys = await generateKeyPair(env.crypto, keyType);
  const eku = [...(serverAuth ? [OID_SERVER_AUTH] : []), OID_CLIENT_AUTH];
  const extensions: RawExtension[] = [keyUsageExtension(leafKeyUsage(keyType)), extKeyUsageExtension(eku)];
  if (sans.dns.length || sans.ip.length || sans.uri.length) extensions.push(sanExtension(sans));
  const subjectDer = nameDer(cn, profile.organization);
  const subject = nameTextOf(subjectDer);
  const csr = await signRequest(env.crypto, { subject: subjectDer, spki: await spkiOf(env.crypto, keys.publicKey), extensions }, keys.privateKey, signingAlgorithm(keyType));
  const plan = new PlanBuilder();
  plan.file(keyPath, await exportPkcs8Pem(env.crypto, keys.privateKey), 'key', req.role === 'node' ? tr`node private key (stays on this host)` : tr`client private key (stays on this host)`);
  plan.file(csrPath, toPem('CERTIFICATE REQUEST', csr), 'cert', tr`certificate request for ${subject}`);
  const san = sanArg(sans);
  const subj = `${profile.organization ? `/O=${profile.organization}` : ''}/CN=${cn}`;
  const ekuText = `extendedKeyUsage=${serverAuth ? 'serverAuth,' : ''}clientAuth`;
  const kuText = `keyUsage=critical,digitalSignature${isRsa(keyType) ? ',keyEncipherment' : ''}`;
  const opensslCommands = [
    genpkeyCommand(keyType, keyPath),
    `openssl req -new -key ${shellQuote(keyPath)} -subj ${shellQuote(subj)}${san ? ` -addext ${shellQuote(`subjectAltName=${san}`)}` : ''} -addext ${shellQuote(kuText)} -addext ${shellQuote(ekuText)} -out ${shellQuote(csrPath)}`,
  ];
  const roleArg = req.role === 'client' ? ' --role client' : '';
  return {
    plan: plan.build(),
    keyPath,
    csrPath,
    subject,
    sans: formatSans(sans),
    opensslCommands,
    signCommand: `certwright sign --dir CA_DIR --profile ${profile.id}${roleArg}${name ? ` --name ${name}` : ''} --csr ${csrPath}`,
  };
}
