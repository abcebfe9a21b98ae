/**
 * The workspace PKI outside the language server (`certwright lint`): the folders being
 * linted, scanned with the language server's scanner the first time a linter asks about a
 * certificate (so a run over openssl.cnf files only never scans), then one index for the
 * whole run. Revoked certificates are found as in the editor: from the CRLs and CA
 * databases under those folders.
 */
import type { WorkspacePki } from '../core/linter';
import { PkiWorkspace } from '../core/pki/model';
import { parseCertificate } from '../core/pki/parse';
import type { PkiIndex } from '../core/pki/tree';
import { nodePkiCrypto } from './pkiCrypto';
import { defaultScanOptions, scanWorkspace } from './workspaceScanner';

export function scannedPki(roots: readonly string[], options: { now: number; expiryWarningDays: number }): WorkspacePki {
  let index: Promise<PkiIndex> | undefined;
  const build = async (): Promise<PkiIndex> => {
    const model = new PkiWorkspace(nodePkiCrypto);
    await scanWorkspace(model, roots, defaultScanOptions);
    return model.build(options);
  };
  return {
    async statusOf(der) {
      let cert;
      try {
        cert = parseCertificate(der, nodePkiCrypto);
      } catch {
        return undefined;
      }
      index ??= build();
      return (await index).statusOf(cert);
    },
  };
}
