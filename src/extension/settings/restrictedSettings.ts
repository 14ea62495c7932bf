// Settings an untrusted workspace may not set (package.json `capabilities.untrustedWorkspaces.restrictedConfigurations`;
// a unit test keeps the two lists equal). Pure (no vscode), unit-tested.
import { parse, type ParseError } from 'jsonc-parser';

// customModels cannot redirect anything, but an entry sets the price the cost confirmation trusts (a $0 price skips
// it) and which model the user's key pays for; comfyui.workflow names a file read from disk and sent to the server.
export const restrictedSettings = [
  'animateImage.openaiVideos.baseUrl',
  'animateImage.azureOpenai.endpoint',
  'animateImage.presets',
  'animateImage.baseUrls',
  'animateImage.comfyui.workflow',
  'animateImage.customModels',
] as const;

/**
 * The restricted settings that a workspace settings file sets. `text` is the file as VS Code reads it (JSON with
 * comments and trailing commas); keys may be flat ("animateImage.presets") or nested ({ "animateImage": { … } }).
 * `section` picks the settings object of a `.code-workspace` file ("settings"). A file that is not a JSON object
 * sets nothing: VS Code would not apply it either.
 *
 * Read from the files because in Restricted Mode VS Code hides these values from extensions altogether
 * (`inspect()` reports no workspace value), which is the very case worth telling the user about.
 */
export function restrictedSettingsIn(text: string, section?: string): string[] {
  const errors: ParseError[] = [];
  const parsed: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const root = section === undefined ? parsed : isObject(parsed) ? parsed[section] : undefined;
  if (!isObject(root)) return [];
  return restrictedSettings.filter((key) => hasSetting(root, key));
}

/**
 * The restricted settings an untrusted workspace's settings files set, which are ignored (only the user's value
 * counts): the ones to tell the user about, once each, in a fixed order.
 */
export function ignoredWorkspaceSettings(setInFiles: readonly (readonly string[])[]): string[] {
  const set = new Set(setInFiles.flat());
  return restrictedSettings.filter((key) => set.has(key));
}

/** The ones not told yet (each is told once per workspace). */
export function notYetTold(ignored: readonly string[], told: readonly string[]): string[] {
  return ignored.filter((key) => !told.includes(key));
}

function hasSetting(root: Record<string, unknown>, key: string): boolean {
  if (root[key] !== undefined) return true;
  const parts = key.split('.');
  // Nested form, at any split: { "animateImage": { "openaiVideos.baseUrl": … } } or fully nested.
  for (let i = 1; i < parts.length; i++) {
    const head = root[parts.slice(0, i).join('.')];
    if (isObject(head) && hasSetting(head, parts.slice(i).join('.'))) return true;
  }
  return false;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
