import * as vscode from 'vscode';
import { providerIds } from '../../core/providers/registry';
import type { Logger } from '../../core/types';
import { restrictedSettings } from './restrictedSettings';
import { ParsedOnce } from './settingsCache';
import { parseSettings, settingsSection, type SettingProblem, type Settings } from './settingsSchema';

/**
 * The one way the extension reads its settings: zod-checked once per change (and when the workspace becomes
 * trusted, which lets its own values count), so a change applies at once and a read costs nothing.
 * An invalid value falls back to its default and the user is told which setting is wrong (once per problem).
 */
export class SettingsReader implements vscode.Disposable {
  private readonly reported = new Set<string>();
  private readonly subscriptions: vscode.Disposable;
  private readonly parsed = new ParsedOnce(() => this.parse());

  constructor(private readonly log: Logger) {
    const reparse = (): void => {
      this.parsed.invalidate();
      this.reported.clear();
      this.read(); // tells about an invalid value right after the change
    };
    this.subscriptions = vscode.Disposable.from(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(settingsSection)) reparse();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(reparse),
    );
  }

  read(): Settings {
    return this.parsed.read();
  }

  private parse(): Settings {
    const config = vscode.workspace.getConfiguration(settingsSection);
    const userOnly = !vscode.workspace.isTrusted;
    const { settings, problems } = parseSettings((key) => {
      // VS Code drops an untrusted workspace's restricted values, but matches them by their flat key only; read the
      // user's value here too, so no spelling of the key (e.g. nested objects) lets a folder redirect endpoints.
      if (!userOnly || !isRestricted(`${settingsSection}.${key}`)) return config.get(key);
      const inspected = config.inspect(key);
      return inspected?.globalValue ?? inspected?.defaultValue;
    }, providerIds);
    for (const problem of problems) this.report(problem);
    return settings;
  }

  dispose(): void {
    this.subscriptions.dispose();
  }

  private report(problem: SettingProblem): void {
    const text = `${problem.setting}: ${problem.message}`;
    if (this.reported.has(text)) return;
    this.reported.add(text);
    this.log.warn(`setting ${text}; ignored`);
    const open = vscode.l10n.t('Open Settings');
    const message = problem.setting.startsWith(`${settingsSection}.customModels[`)
      ? vscode.l10n.t('Invalid setting {0}: {1}. This model is skipped.', problem.setting, problem.message)
      : problem.setting.includes('[')
        ? vscode.l10n.t('Invalid setting {0}: {1}. This preset is skipped.', problem.setting, problem.message)
        : problem.setting.startsWith(`${settingsSection}.baseUrls.`)
          ? vscode.l10n.t(
              "Invalid setting {0}: {1}. That provider's own address is used instead.",
              problem.setting,
              problem.message,
            )
          : vscode.l10n.t('Invalid setting {0}: {1}. Using the default instead.', problem.setting, problem.message);
    void vscode.window.showErrorMessage(message, open).then((choice) => {
      if (choice !== open) return;
      void vscode.commands.executeCommand(
        'workbench.action.openSettings',
        problem.setting.replace(/\[.*$/, '').replace(/^(animateImage\.baseUrls)\..*$/, '$1'),
      );
    });
  }
}

function isRestricted(key: string): boolean {
  return (restrictedSettings as readonly string[]).includes(key);
}
