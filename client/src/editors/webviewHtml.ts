/**
 * The one HTML shell of Certwright's webviews (certificate editor, timeline,
 * chain diagram): a strict Content Security Policy (no remote resources, no
 * inline code, the one script allowed by a fresh nonce), the shared stylesheet
 * built on VS Code's theme variables, and the page's own script from client/media.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function mediaRoot(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.extensionUri, 'client', 'media');
}

/** Webview options: scripts on, only client/media loadable, no command links. */
export function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [mediaRoot(context)] };
}

export function webviewHtml(webview: vscode.Webview, context: vscode.ExtensionContext, script: string, title: string): string {
  const nonce = randomBytes(18).toString('base64');
  const media = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot(context), name)).toString();
  const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language.replace(/[^A-Za-z-]/g, '')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title.replace(/[&<>"]/g, '')}</title>
<link rel="stylesheet" href="${media('webview.css')}">
</head>
<body>
<main id="root" aria-live="polite"><p class="muted">${vscode.l10n.t('Loading…').replace(/[&<>"]/g, '')}</p></main>
<script nonce="${nonce}" src="${media(script)}"></script>
</body>
</html>`;
}
