import * as vscode from 'vscode';
import type { Logger, ProviderInfo } from '../core/providers/provider';
import { decideKeyUse, hostOf, parseStoredKey, serializeKey, type StoredKey } from './keyBinding';
import { envFallbackState, type EnvVariableState } from './envFallback';

export function secretKey(providerId: string): string {
  return `animateImage.apiKey.${providerId}`;
}

/** Where the provider's requests go now (its base URL setting, else its default); undefined when not known. */
export type HostResolver = (info: ProviderInfo) => string | undefined;

export type KeyResult = { readonly ok: true; readonly key?: string } | { readonly ok: false };

/**
 * API keys per provider in SecretStorage (never in settings), each saved with the host it is for (`{key, host}`;
 * older plain-string keys are still read). A key only goes to another host after the user said yes in a modal,
 * which then moves it there. The provider's environment variables (`ProviderInfo.keyEnv`) are the fallback.
 * Keys are never logged: only "set"/"cleared"/"from env" and host names.
 */
export class ApiKeys {
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly hostFor: HostResolver = () => undefined,
  ) {
    this.onDidChange = secrets.onDidChange;
  }

  /** The stored key (any host) or the environment's; for "is there a key" questions. */
  async get(info: ProviderInfo): Promise<string | undefined> {
    if (!info.needsKey) return undefined;
    const stored = await this.stored(info);
    if (stored) return stored.key;
    return this.fromEnv(info);
  }

  async has(info: ProviderInfo): Promise<boolean> {
    return !info.needsKey || (await this.get(info)) !== undefined;
  }

  /** Which of the provider's fallback environment variables are set where the extension runs (names only). */
  envState(info: ProviderInfo): EnvVariableState[] {
    return envFallbackState(info.keyEnv, this.env);
  }

  async hasStored(info: ProviderInfo): Promise<boolean> {
    return (await this.secrets.get(secretKey(info.id))) !== undefined;
  }

  /** Asks for the key in a password box and stores it for the provider's current host; undefined when the user backs out. */
  async prompt(info: ProviderInfo): Promise<string | undefined> {
    const host = this.hostFor(info);
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('API key for {0}', info.label),
      prompt: host
        ? vscode.l10n.t('Stored in VS Code secret storage on this machine, for {0} only; never in settings.', host)
        : vscode.l10n.t('Stored in VS Code secret storage on this machine; never in settings.'),
      placeHolder: info.keyEnv[0] ? vscode.l10n.t('Paste the key (the same as {0})', info.keyEnv[0]) : undefined,
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('The key cannot be empty.')),
    });
    const key = value?.trim();
    if (!key) return undefined;
    await this.save(info, { key, ...(host ? { host } : {}) });
    this.log.info(`API key for ${info.id} set${host ? ` (for ${host})` : ''}`);
    return key;
  }

  async clear(info: ProviderInfo): Promise<void> {
    await this.secrets.delete(secretKey(info.id));
    this.log.info(`API key for ${info.id} cleared`);
  }

  /**
   * The key to send to `host` (the provider's address now). A stored key saved for another host is only used after
   * a yes in a modal when `interactive` (the saved host then becomes `host`); without a UI it is not used at all.
   * With no key anywhere, an interactive call offers to set one. `ok: false`: do not start the job.
   */
  async forHost(info: ProviderInfo, host: string | undefined, interactive: boolean): Promise<KeyResult> {
    if (!info.needsKey) return { ok: true };
    const stored = await this.stored(info);
    if (stored) return this.checkHost(info, stored, host, interactive);
    const env = this.fromEnv(info);
    if (env) return { ok: true, key: env };
    if (!interactive) return { ok: true };
    return this.offerToSet(info);
  }

  /**
   * The key to use, asking the user to set one when the provider needs it and none is found (same host rules as
   * `forHost`, for the provider's current address). `ok: false` means the user declined: do not start the job.
   */
  async ensure(info: ProviderInfo): Promise<KeyResult> {
    return this.forHost(info, this.hostFor(info), true);
  }

  private async checkHost(info: ProviderInfo, stored: StoredKey, host: string | undefined, interactive: boolean): Promise<KeyResult> {
    const defaultHost = hostOf(info.defaultBaseUrl);
    const decision = decideKeyUse(stored, host, defaultHost);
    if (decision === 'use') return { ok: true, key: stored.key };
    if (decision === 'bind' && host) {
      await this.save(info, { key: stored.key, host });
      this.log.info(`API key for ${info.id}: saved from now on for ${host} (it was stored without a host)`);
      return { ok: true, key: stored.key };
    }
    const savedFor = stored.host ?? defaultHost ?? '?';
    this.log.warn(`API key for ${info.id} was saved for ${savedFor}; the provider's address is now ${host ?? '?'}`);
    if (!interactive || !host) return { ok: false };
    const send = vscode.l10n.t('Send Key to {0}', host);
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('The API key for {0} was saved for {1}. Send it to {2}?', info.label, savedFor, host),
      {
        modal: true,
        detail: vscode.l10n.t(
          "The provider's address in the settings changed. The key gives access to your account (and your bill): only send it to {0} if you trust that server. Yes saves the key for {0} from now on.",
          host,
        ),
      },
      send,
    );
    if (choice !== send) {
      this.log.info(`API key for ${info.id}: not sent to ${host} (the user declined)`);
      return { ok: false };
    }
    await this.save(info, { key: stored.key, host });
    this.log.info(`API key for ${info.id}: moved from ${savedFor} to ${host} (the user agreed)`);
    return { ok: true, key: stored.key };
  }

  private async offerToSet(info: ProviderInfo): Promise<KeyResult> {
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

  private async stored(info: ProviderInfo): Promise<StoredKey | undefined> {
    return parseStoredKey(await this.secrets.get(secretKey(info.id)));
  }

  private async save(info: ProviderInfo, stored: StoredKey): Promise<void> {
    await this.secrets.store(secretKey(info.id), serializeKey(stored));
  }

  private fromEnv(info: ProviderInfo): string | undefined {
    for (const name of info.keyEnv) {
      const value = this.env[name]?.trim();
      if (!value) continue;
      this.log.debug(`using the ${info.label} key from the environment variable ${name}`);
      return value;
    }
    return undefined;
  }
}
