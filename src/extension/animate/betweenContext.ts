import * as vscode from 'vscode';

/** The context key of the Explorer menu's "Animate between images" (package.json `menus`). */
const contextKey = 'animateImage.canAnimateBetween';
/** Its last value, per workspace: the next start shows the menu item before the engine has loaded. */
const stateKey = 'animateImage.canAnimateBetween';

/** Sets the context key and remembers it for the next start. */
export async function setCanAnimateBetween(state: vscode.Memento, can: boolean): Promise<void> {
  await vscode.commands.executeCommand('setContext', contextKey, can);
  await state.update(stateKey, can);
}

/**
 * At activation: the value the engine found last time. Computing it needs the provider catalog, the settings schema
 * and the keys (the engine), which a start does not load; the engine sets the fresh value when it loads.
 */
export function restoreCanAnimateBetween(state: vscode.Memento): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', contextKey, state.get<boolean>(stateKey, false));
}
