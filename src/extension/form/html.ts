import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { escapeHtml, formCsp } from './csp';

/** Where the webview's bundle lives; also the panel's only `localResourceRoots` entry. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The page shell. The form itself is built by `media/webview/main.ts` from the `init` message, so every
 * text comes translated from the host and nothing user-provided is ever put into HTML here.
 */
export function formHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, loading: string): string {
  const nonce = makeNonce();
  const root = webviewRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'form.css'));
  return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${formCsp(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">${escapeHtml(loading)}</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
