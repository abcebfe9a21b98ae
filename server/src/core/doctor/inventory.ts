/**
 * What the explainer knows of a workspace: its certificates, CRLs and keys
 * (decoded by the one PEM/DER decoder) and the text of its configuration files,
 * where host names, common names and certificate paths are written. Pure: the
 * host reads the files and hands their bytes in.
 */
import { LineIndex } from '../lineIndex';
import { decodeFile, type CertificateView, type CrlView, type DecodedBlock, type KeyView } from '../pem';

export interface WorkspaceFile {
  /** Path as it should be shown (relative to the workspace where possible). */
  readonly path: string;
  readonly bytes: Uint8Array;
  /** POSIX permission bits, where the host can tell. */
  readonly mode?: number;
  readonly uid?: number;
}

interface Located {
  readonly file: string;
  /** 0-based line of the PEM block (0 for DER files). */
  readonly line: number;
  /** How the file stores it: programs that read only PEM (Go, libpq's sslcert) cannot load a DER file. */
  readonly format: 'pem' | 'der';
}

export interface InventoryCert extends Located {
  readonly view: CertificateView;
  /** The DER, for signature checks (absent for certificates inside PKCS#7). */
  readonly der?: Uint8Array;
}
export interface InventoryCrl extends Located { readonly view: CrlView }
export interface InventoryKey extends Located {
  readonly view: KeyView;
  readonly mode?: number;
  readonly uid?: number;
}
export interface InventoryConfig {
  readonly file: string;
  readonly lines: readonly string[];
}

export interface Inventory {
  readonly certs: readonly InventoryCert[];
  readonly crls: readonly InventoryCrl[];
  readonly keys: readonly InventoryKey[];
  readonly configs: readonly InventoryConfig[];
  /** SHA-256 fingerprints of certificates whose signature fails under every workspace CA of their issuer's name (see signatures.ts). */
  readonly badSignatures?: ReadonlySet<string>;
}

/** Files whose text may name hosts, CNs or certificate paths: configs, scripts, manifests. */
const configName = /(?:\.(?:toml|ya?ml|conf|cnf|ini|sh|bash|service|env|json|properties|txt)|^(?:Dockerfile|Makefile|Procfile|pg_hba\.conf|pg_ident\.conf))$/i;
const maxConfigBytes = 1_000_000;

const latin1 = new TextDecoder('latin1');

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Sorts each decoded object of each file into the inventory. Never throws. */
export function buildInventory(files: readonly WorkspaceFile[]): Inventory {
  const certs: InventoryCert[] = [];
  const crls: InventoryCrl[] = [];
  const keys: InventoryKey[] = [];
  const configs: InventoryConfig[] = [];
  for (const f of files) {
    const decoded = decodeFile(f.bytes);
    const format = decoded.format === 'der' ? 'der' : 'pem';
    const add = (view: DecodedBlock['decoded'], line: number, der: Uint8Array | undefined): void => {
      if (!view.ok) return;
      const v = view.view;
      if (v.kind === 'certificate') certs.push({ file: f.path, line, format, view: v, der });
      else if (v.kind === 'crl') crls.push({ file: f.path, line, format, view: v });
      else if (v.kind === 'privateKey') keys.push({ file: f.path, line, format, view: v, mode: f.mode, uid: f.uid });
      else if (v.kind === 'pkcs7') for (const c of v.certificates) certs.push({ file: f.path, line, format, view: c });
    };
    if (decoded.format === 'der') add(decoded.decoded, 0, f.bytes);
    else if (decoded.format === 'pem') {
      const lines = new LineIndex(latin1.decode(f.bytes));
      for (const b of decoded.blocks) add(b.decoded, lines.positionAt(b.block.start).line, b.block.der);
    }
    if (decoded.format !== 'der' && configName.test(baseName(f.path)) && f.bytes.length <= maxConfigBytes) {
      configs.push({ file: f.path, lines: new TextDecoder().decode(f.bytes).split(/\r?\n/) });
    }
  }
  return { certs, crls, keys, configs };
}
