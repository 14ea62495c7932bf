import * as vscode from 'vscode';
import type { Logger, ProviderInfo } from '../core/providers/provider';

export function secretKey(providerId: string): string {
  return `animateImage.apiKey.${providerId}`;
}

/**
 * API keys per provider in SecretStorage (never in settings); the provider's environment variables
 * (`ProviderInfo.keyEnv`) are the fallback. Keys are never logged: only "set"/"cleared"/"from env".
 */
export class ApiKeys {
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.onDidChange = secrets.onDidChange;
  }

  async get(info: ProviderInfo): Promise<string | undefined> {
    if (!info.needsKey) return undefined;
    const stored = await this.secrets.get(secretKey(info.id));
    if (stored) return stored;
    for (const name of info.keyEnv) {
      const value = this.env[name]?.trim();
      if (!value) continue;
      this.log.debug(`using the ${info.label} key from the environment variable ${name}`);
      return value;
    }
    return undefined;
  }

  async has(info: ProviderInfo): Promise<boolean> {
    return !info.needsKey || (await this.get(info)) !== undefined;
  }

  async hasStored(info: ProviderInfo): Promise<boolean> {
    return (await this.secrets.get(secretKey(info.id))) !== undefined;
  }

  /** Asks for the key in a password box and stores it; undefined when the user backs out. */
  async prompt(info: ProviderInfo): Promise<string | undefined> {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('API key for {0}', info.label),
      prompt: vscode.l10n.t('Stored in VS Code secret storage on this machine; never in settings.'),
      placeHolder: info.keyEnv[0] ? vscode.l10n.t('Paste the key (the same as {0})', info.keyEnv[0]) : undefined,
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('The key cannot be empty.')),
    });
    const key = value?.trim();
    if (!key) return undefined;
    await this.secrets.store(secretKey(info.id), key);
    this.log.info(`API key for ${info.id} set`);
    return key;
  }

  async clear(info: ProviderInfo): Promise<void> {
    await this.secrets.delete(secretKey(info.id));
    this.log.info(`API key for ${info.id} cleared`);
  }

  /**
   * The key to use, asking the user to set one when the provider needs it and none is found.
   * `ok: false` means the user declined: do not start the job.
   */
  async ensure(info: ProviderInfo): Promise<{ ok: true; key?: string } | { ok: false }> {
    if (!info.needsKey) return { ok: true };
    const existing = await this.get(info);
    if (existing) return { ok: true, key: existing };
    const set = vscode.l10n.t('Set API Key…');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} needs an API key. Set it now?', info.label),
      { modal: true, detail: vscode.l10n.t('The key is kept in VS Code secret storage, never in settings.') },
      set,
    );
    if (choice !== set) return { ok: false };
    const key = await this.prompt(info);
    return key ? { ok: true, key } : { ok: false };
  }
}
