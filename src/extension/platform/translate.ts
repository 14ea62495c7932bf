/**
 * A translator: `vscode.l10n.t` in the extension, a fake in unit tests, so the pure modules that word messages
 * (cost, agent answers, preset checks) never import vscode.
 */
export type Translate = (message: string, ...args: Array<string | number>) => string;
