import * as vscode from 'vscode';
import type { ProviderInfo } from '../../core/providers/provider';
import type { Logger } from '../../core/types';
import { decideKeyUse, decideKeyUseForJob, hostOf, parseStoredKey, serializeKey, type StoredKey } from './keyBinding';
import { envFallbackState, keyFromEnv, type EnvVariableState } from './envFallback';
import { joinKeyParts, keyPartProblem, keyParts, keySource, type KeyPart } from './keySources';

export function secretKey(providerId: string): string {
  return `animateImage.apiKey.${providerId}`;
}

/** Where the provider's requests go now (its base URL setting, else its default); undefined when not known. */
export type HostResolver = (info: ProviderInfo) => string | undefined;

export type KeyResult = { readonly ok: true; readonly key?: string } | { readonly ok: false };

/**
 * What `forHost` does with a stored key saved for another host: `ask` the user (a yes moves it), or `refuse` without
 * asking — a job already sent to one server is followed there, and that server never gets another server's key.
 */
export type OtherHostPolicy = 'ask' | 'refuse';

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

  /**
   * Asks for the key in a password box (Kling: one for the access key, one for the secret key, stored joined) and
   * stores it for `host` (default: the provider's current host); undefined when the user backs out.
   */
  async prompt(info: ProviderInfo, host: string | undefined = this.hostFor(info)): Promise<string | undefined> {
    const stored = host
      ? vscode.l10n.t('Stored in VS Code secret storage on this machine, for {0} only; never in settings.', host)
      : vscode.l10n.t('Stored in VS Code secret storage on this machine; never in settings.');
    const where = whereToGetKey(info);
    const prompt = where ? `${where} ${stored}` : stored;
    const parts = keyParts(info.id);
    const key = parts ? await this.promptParts(info, parts, prompt) : await this.promptOne(info, prompt);
    if (!key) return undefined;
    await this.save(info, { key, ...(host ? { host } : {}) });
    this.log.info(`API key for ${info.id} set${host ? ` (for ${host})` : ''}`);
    return key;
  }

  private async promptOne(info: ProviderInfo, prompt: string): Promise<string | undefined> {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('API key for {0}', info.label),
      prompt,
      ...(info.keyEnv[0] ? { placeHolder: vscode.l10n.t('Paste the key (the same as {0})', info.keyEnv[0]) } : {}),
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : vscode.l10n.t('The key cannot be empty.')),
    });
    return value?.trim() || undefined;
  }

  /** One password box per part, in order; the parts joined as the provider expects them (keySources.ts). */
  private async promptParts(
    info: ProviderInfo,
    parts: readonly KeyPart[],
    prompt: string,
  ): Promise<string | undefined> {
    const values: string[] = [];
    for (const [index, part] of parts.entries()) {
      const value = await vscode.window.showInputBox({
        title: `${partTitle(info, part)} (${index + 1}/${parts.length})`,
        prompt,
        placeHolder: vscode.l10n.t('Paste the key (the same as {0})', part.env),
        password: true,
        ignoreFocusOut: true,
        validateInput: (text) => partProblemText(info, part, text),
      });
      const trimmed = value?.trim();
      if (!trimmed) return undefined;
      values.push(trimmed);
    }
    return joinKeyParts(info.id, values);
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
  async forHost(
    info: ProviderInfo,
    host: string | undefined,
    interactive: boolean,
    otherHost: OtherHostPolicy = 'ask',
  ): Promise<KeyResult> {
    if (!info.needsKey) return { ok: true };
    const stored = await this.stored(info);
    if (stored) return this.checkHost(info, stored, host, interactive, otherHost);
    const env = this.fromEnv(info);
    if (env) return { ok: true, key: env };
    if (!interactive) return { ok: true };
    // Saved for the host it is about to go to (for a resume: where the job was sent, not the settings' host).
    return this.offerToSet(info, host);
  }

  /**
   * The key to use, asking the user to set one when the provider needs it and none is found (same host rules as
   * `forHost`, for the provider's current address). `ok: false` means the user declined: do not start the job.
   */
  async ensure(info: ProviderInfo): Promise<KeyResult> {
    return this.forHost(info, this.hostFor(info), true);
  }

  private async checkHost(
    info: ProviderInfo,
    stored: StoredKey,
    host: string | undefined,
    interactive: boolean,
    otherHost: OtherHostPolicy,
  ): Promise<KeyResult> {
    const defaultHost = hostOf(info.defaultBaseUrl);
    const decision =
      otherHost === 'refuse' ? decideKeyUseForJob(stored, host, defaultHost) : decideKeyUse(stored, host, defaultHost);
    if (decision === 'use') return { ok: true, key: stored.key };
    if (decision === 'bind' && host) {
      await this.save(info, { key: stored.key, host });
      this.log.info(`API key for ${info.id}: saved from now on for ${host} (it was stored without a host)`);
      return { ok: true, key: stored.key };
    }
    const savedFor = stored.host ?? defaultHost ?? '?';
    if (decision === 'refuse') {
      this.log.warn(
        `API key for ${info.id}: not sent to ${host ?? '?'}, where the job went (the key is saved for ${savedFor})`,
      );
      if (interactive && host) {
        void vscode.window.showErrorMessage(
          vscode.l10n.t(
            'This job was sent to {0}, but the API key for {1} is saved for {2}: it is not sent to {0}. To follow the job, point the settings at {0} and set the key for it again.',
            host,
            info.label,
            savedFor,
          ),
        );
      }
      return { ok: false };
    }
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

  private async offerToSet(info: ProviderInfo, host: string | undefined): Promise<KeyResult> {
    const set = vscode.l10n.t('Set API Key…');
    const missing = this.missingFromEnv(info);
    const detail = [
      missing
        ? vscode.l10n.t('Only part of the key is in the environment: {0} is not set.', missing.join(', '))
        : undefined,
      whereToGetKey(info),
      vscode.l10n.t('The key is kept in VS Code secret storage, never in settings.'),
    ].filter((line) => line !== undefined);
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} needs an API key. Set it now?', info.label),
      { modal: true, detail: detail.join('\n') },
      set,
    );
    if (choice !== set) return { ok: false };
    const key = await this.prompt(info, host ?? this.hostFor(info));
    return key ? { ok: true, key } : { ok: false };
  }

  private async stored(info: ProviderInfo): Promise<StoredKey | undefined> {
    return parseStoredKey(await this.secrets.get(secretKey(info.id)));
  }

  private async save(info: ProviderInfo, stored: StoredKey): Promise<void> {
    await this.secrets.store(secretKey(info.id), serializeKey(stored));
  }

  /** Kling's key comes from two variables: the ones still missing when only some are set (names, never values). */
  missingFromEnv(info: ProviderInfo): readonly string[] | undefined {
    const found = keyFromEnv(info.id, info.keyEnv, this.env);
    return found && 'missing' in found ? found.missing : undefined;
  }

  private fromEnv(info: ProviderInfo): string | undefined {
    const found = keyFromEnv(info.id, info.keyEnv, this.env);
    if (!found) return undefined;
    if ('missing' in found) {
      this.log.warn(`the ${info.label} key in the environment is incomplete: ${found.missing.join(', ')} not set`);
      return undefined;
    }
    this.log.debug(`using the ${info.label} key from the environment (${found.from.join(' + ')})`);
    return found.key;
  }
}

/** "Get a key at …" for the provider, in the display language; undefined when not known. */
export function whereToGetKey(info: ProviderInfo): string | undefined {
  const source = keySource(info.id);
  if (!source) return undefined;
  if ('url' in source) return vscode.l10n.t('Get a key at {0}.', source.url);
  return vscode.l10n.t('Use the key of the server set in {0}, if it asks for one.', source.setting);
}

function partTitle(info: ProviderInfo, part: KeyPart): string {
  return part.id === 'access'
    ? vscode.l10n.t('Access key for {0}', info.label)
    : vscode.l10n.t('Secret key for {0}', info.label);
}

function partProblemText(info: ProviderInfo, part: KeyPart, text: string): string | undefined {
  switch (keyPartProblem(info.id, part, text)) {
    case 'empty':
      return vscode.l10n.t('The key cannot be empty.');
    case 'separator':
      return vscode.l10n.t('The access key cannot contain ":". Paste the access key alone; the secret key comes next.');
    case undefined:
      return undefined;
  }
}
