/**
 * Exports for clients that do not read PEM: PKCS#12 bundles (Java keystores, browsers,
 * .NET), PKCS#8 DER keys (pgJDBC's `sslkey`), and chain files. Built with the
 * @peculiar/asn1-* schemas; the passphrase-based pieces follow RFC 7292 (PKCS#12 key
 * derivation, MAC) and RFC 8018 (PBES2). The fast, synchronous primitives WebCrypto lacks
 * (a digest for the 600 000-round PKCS#12 key derivation, 3-DES for the legacy variant)
 * are injected by the front end (node:crypto), so this module stays pure.
 */
import * as asn1js from 'asn1js';
import { ContentInfo, id_data } from '@peculiar/asn1-cms';
import { AuthenticatedSafe, CertBag, id_certBag, id_pkcs8ShroudedKeyBag, id_x509Certificate, MacData, PFX, PKCS12Attribute, SafeBag, SafeContents } from '@peculiar/asn1-pfx';
import { DigestInfo } from '@peculiar/asn1-rsa';
import { AsnConvert, AsnIntegerConverter, AsnProp, AsnPropTypes, AsnType, AsnTypeTypes, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { EncryptedPrivateKeyInfo } from '@peculiar/asn1-pkcs8';
import { certificateBlocks } from './certs';
import { DEFAULT_PBKDF2_ITERATIONS, fromPem, type Crypto } from './keys';
import { encryptPkcs8 } from './keyCrypt';
import { IssueError } from './types';
// A bundle always has a passphrase (export refuses an empty one), so the empty-password reading never applies here.
import { bmpPassword, pkcs12KdfSteps } from '../pki/pkcs12';
import type { Pkcs12Primitives } from '../environment';
import { tr } from '../l10n';

export type ExportPrimitives = Pkcs12Primitives;

/** Rounds of the derivation between two pauses (a few milliseconds of work). */
const ROUNDS_PER_SLICE = 20_000;

const OID_SHA1 = '1.3.14.3.2.26';
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const OID_PBE_SHA1_3DES = '1.2.840.113549.1.12.1.3';
const OID_FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const OID_LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
/** What `openssl pkcs12 -legacy` and pre-2021 Java use: 2048 rounds, SHA-1 MAC, 3-DES. */
const LEGACY_ITERATIONS = 2048;

@AsnType({ type: AsnTypeTypes.Sequence })
class Pkcs12PbeParams {
  @AsnProp({ type: AsnPropTypes.OctetString })
  salt = new ArrayBuffer(0);

  @AsnProp({ type: AsnPropTypes.Integer, converter: AsnIntegerConverter })
  iterations = 0;
}

/** The PKCS#12 key derivation of core/pki, pausing between slices of rounds when the host gives `pause`. */
export async function pkcs12Kdf(p: ExportPrimitives, alg: 'sha1' | 'sha256', passphrase: string, salt: Uint8Array, iterations: number, id: 1 | 2 | 3, n: number): Promise<Uint8Array> {
  const steps = pkcs12KdfSteps((d) => p.digest(alg, d), alg === 'sha1' ? 20 : 32, 64, bmpPassword(passphrase), salt, id, iterations, n, p.pause ? ROUNDS_PER_SLICE : Infinity);
  for (;;) {
    const s = steps.next();
    if (s.done) return s.value;
    await p.pause!();
  }
}

const ab = (b: Uint8Array): ArrayBuffer => b.slice().buffer;

function attribute(attrId: string, value: ArrayBuffer): PKCS12Attribute {
  // Set field by field: PKCS12Attribute's constructor (asn1-pfx 2.11.1) drops its argument.
  const a = new PKCS12Attribute();
  a.attrId = attrId;
  a.attrValues = [value];
  return a;
}

function attributes(friendlyName: string, localKeyId: Uint8Array): PKCS12Attribute[] {
  return [attribute(OID_FRIENDLY_NAME, new asn1js.BmpString({ value: friendlyName }).toBER()), attribute(OID_LOCAL_KEY_ID, AsnConvert.serialize(new OctetString(localKeyId)))];
}

function dataContent(der: ArrayBuffer): ContentInfo {
  return new ContentInfo({ contentType: id_data, content: AsnConvert.serialize(new OctetString(der)) });
}

export interface Pkcs12Input {
  /** The certificate first, then the chain to include (intermediates, the root): PEM blocks. */
  readonly certsPem: string;
  /** Unencrypted PKCS#8 PEM of the certificate's key. */
  readonly keyPem: string;
  readonly passphrase: string;
  /** The alias keytool shows. */
  readonly friendlyName: string;
  /**
   * legacy: PBE-SHA1-3DES key, SHA-1 MAC, 2048 rounds — for Java before 8u301, Windows
   * before Server 2019 and macOS Keychain; weak against passphrase guessing.
   * Default (modern): PBES2 AES-256-CBC with PBKDF2-HMAC-SHA256 and an HMAC-SHA256 MAC, 600 000 rounds.
   */
  readonly legacy?: boolean;
}

/** A PKCS#12 (PFX) bundle: one key bag and the certificates, MAC-protected. DER bytes. */
export async function buildPkcs12(crypto: Crypto, p: ExportPrimitives, input: Pkcs12Input): Promise<Uint8Array> {
  if (!input.passphrase) throw new IssueError(tr`a PKCS#12 bundle needs a passphrase (--passout env:VAR or file:PATH): Java and most readers refuse an empty one`);
  const keyDer = fromPem(input.keyPem, 'PRIVATE KEY');
  if (!keyDer) throw new IssueError(tr`the key is not an unencrypted PKCS#8 PEM`);
  const certs = certificateBlocks(input.certsPem).map((b) => fromPem(b, 'CERTIFICATE')!);
  if (!certs.length) throw new IssueError(tr`no certificate to export`);
  const localKeyId = p.digest('sha1', certs[0]!);
  const iterations = input.legacy ? LEGACY_ITERATIONS : DEFAULT_PBKDF2_ITERATIONS;

  let shrouded: ArrayBuffer;
  if (input.legacy) {
    const salt = crypto.getRandomValues(new Uint8Array(8));
    const key = await pkcs12Kdf(p, 'sha1', input.passphrase, salt, iterations, 1, 24);
    const iv = await pkcs12Kdf(p, 'sha1', input.passphrase, salt, iterations, 2, 8);
    const params = new Pkcs12PbeParams();
    params.salt = ab(salt);
    params.iterations = iterations;
    const info = new EncryptedPrivateKeyInfo({ encryptionAlgorithm: new AlgorithmIdentifier({ algorithm: OID_PBE_SHA1_3DES, parameters: AsnConvert.serialize(params) }) });
    info.encryptedData = new OctetString(p.desEde3Cbc(key, iv, keyDer)) as never;
    shrouded = AsnConvert.serialize(info);
  } else {
    shrouded = fromPem(await encryptPkcs8(crypto, keyDer, input.passphrase, iterations), 'ENCRYPTED PRIVATE KEY')!.slice().buffer;
  }
  const keyBag = new SafeBag({ bagId: id_pkcs8ShroudedKeyBag, bagValue: shrouded, bagAttributes: attributes(input.friendlyName, localKeyId) });
  const certBags = certs.map(
    (der, i) =>
      new SafeBag({
        bagId: id_certBag,
        bagValue: AsnConvert.serialize(new CertBag({ certId: id_x509Certificate, certValue: AsnConvert.serialize(new OctetString(der)) })),
        ...(i === 0 ? { bagAttributes: attributes(input.friendlyName, localKeyId) } : {}),
      }),
  );
  // Certificates are public: a plain data bag (as `-certpbe NONE`); the key bag is the encrypted part.
  const safe = new AuthenticatedSafe([dataContent(AsnConvert.serialize(new SafeContents(certBags))), dataContent(AsnConvert.serialize(new SafeContents([keyBag])))]);
  const authSafeDer = AsnConvert.serialize(safe);

  const alg = input.legacy ? 'sha1' : 'sha256';
  const macSalt = crypto.getRandomValues(new Uint8Array(input.legacy ? 8 : 16));
  const macKey = await pkcs12Kdf(p, alg, input.passphrase, macSalt, iterations, 3, alg === 'sha1' ? 20 : 32);
  const hmacKey = await crypto.subtle.importKey('raw', macKey, { name: 'HMAC', hash: alg === 'sha1' ? 'SHA-1' : 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, new Uint8Array(authSafeDer)));
  const macData = new MacData({
    mac: new DigestInfo({ digestAlgorithm: new AlgorithmIdentifier({ algorithm: alg === 'sha1' ? OID_SHA1 : OID_SHA256, parameters: null }), digest: new OctetString(mac) }),
    macSalt: new OctetString(macSalt),
    iterations,
  });
  const pfx = new PFX({ version: 3, authSafe: dataContent(authSafeDer), macData });
  return new Uint8Array(AsnConvert.serialize(pfx));
}

/** The key as PKCS#8 DER (pgJDBC's `sslkey` format, `.pk8`); encrypted (PBES2) when a passphrase is given. */
export async function buildPkcs8Der(crypto: Crypto, keyPem: string, passphrase?: string): Promise<Uint8Array> {
  const der = fromPem(keyPem, 'PRIVATE KEY');
  if (!der) throw new IssueError(tr`the key is not an unencrypted PKCS#8 PEM`);
  if (passphrase === undefined) return der;
  return fromPem(await encryptPkcs8(crypto, der, passphrase), 'ENCRYPTED PRIVATE KEY')!;
}
