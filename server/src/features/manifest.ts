/**
 * What the feature families declare in the `initialize` result, known before their
 * code loads: the server answers `initialize` at once and loads the families after it
 * (languageServer.ts). test/unit/features/manifest.test.ts checks this against the
 * families themselves, so the capabilities promise exactly what the loaded code does:
 * a family that adds a trigger character or a server command adds it here too.
 */
import { serverShowCertificateTextCommand } from '../protocol/client';
import { checkWorkspaceCommand, fixKeyPermissionsServerCommand, reissueServerCommand } from '../protocol/setup';

/** Every family's `completionTriggerCharacters`, merged. */
export const completionTriggerCharacters: readonly string[] = ['$', '@', '=', ',', ':', '[', '{'];

/** Every family's `commands` ids, in the order of the families. */
export const serverCommands: readonly string[] = [serverShowCertificateTextCommand, checkWorkspaceCommand, reissueServerCommand, fixKeyPermissionsServerCommand];
