// Settings an untrusted workspace may not set (package.json `capabilities.untrustedWorkspaces.restrictedConfigurations`;
// a unit test keeps the two lists equal). Pure (no vscode), unit-tested.

export const restrictedSettings = ['animateImage.openaiVideos.baseUrl', 'animateImage.azureOpenai.endpoint', 'animateImage.presets'] as const;

/** What `WorkspaceConfiguration.inspect()` says about one setting (only the fields used here). */
export interface SettingInspection {
  readonly key: string;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}

/**
 * The restricted settings a workspace sets that VS Code ignores because the workspace is not trusted (it then reads
 * only the user's value): the ones to tell the user about. None in a trusted workspace.
 */
export function ignoredWorkspaceSettings(trusted: boolean, inspections: readonly SettingInspection[]): string[] {
  if (trusted) return [];
  return inspections.filter((i) => i.workspaceValue !== undefined || i.workspaceFolderValue !== undefined).map((i) => i.key);
}

/** The ones not told yet (each is told once per workspace). */
export function notYetTold(ignored: readonly string[], told: readonly string[]): string[] {
  return ignored.filter((key) => !told.includes(key));
}
