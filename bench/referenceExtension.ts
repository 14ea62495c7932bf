// The activation benchmark's reference: about the least an extension can do at activation, one command.
import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('reference.hello', () => 'hello'));
}
