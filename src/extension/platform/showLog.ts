import * as vscode from 'vscode';
import type { Services } from './services';
import { CommandId } from '../commandIds';

export function registerShowLog(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ShowLog, () => services.log.show());
}
