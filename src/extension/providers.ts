import * as vscode from 'vscode';
import { createProvider, isProviderId, providerInfo } from '../core/providers/registry';
import type { ProviderInfo, VideoProvider } from '../core/providers/provider';
import type { Log } from './log';
import { providerHost } from './keyBinding';
import { localizedInfo } from './providerLabels';
import { connectionFor } from './providerConnection';
import type { ApiKeys } from './secrets';
import type { SettingsReader } from './settings';

/** Builds core providers with the user's settings and keys. Interactive: may ask for a missing key. */
export class ProviderFactory {
  constructor(
    private readonly settings: SettingsReader,
    private readonly keys: ApiKeys,
    private readonly log: Log,
  ) {}

  info(id: string): ProviderInfo | undefined {
    return isProviderId(id) ? localizedInfo(providerInfo(id)) : undefined;
  }

  /**
   * A ready provider, or undefined when it cannot run (unknown id, missing endpoint, no key); the reason
   * is shown when `interactive`, else only logged (e.g. resuming jobs at start-up).
   */
  async create(id: string, interactive: boolean): Promise<VideoProvider | undefined> {
    const info = this.info(id);
    if (!info) return this.refuse(vscode.l10n.t('Unknown provider "{0}".', id), interactive);
    const connection = connectionFor(this.settings.read(), id);
    if (!connection.ok) return this.refuse(connection.message, interactive, connection.setting);
    // The key only goes to the host it was saved for, unless the user agrees to the new one (secrets.ts).
    const host = providerHost(connection.connection.baseUrl, info.defaultBaseUrl);
    const key = await this.keys.forHost(info, host, interactive);
    if (!key.ok) {
      if (!interactive) this.log.warn(`provider ${id}: not started without the user: its key was saved for another host than ${host ?? '?'}`);
      return undefined;
    }
    if (info.needsKey && !key.key) return this.refuse(vscode.l10n.t('{0} has no API key.', info.label), interactive);
    this.log.info(`provider ${id}: base URL ${connection.connection.baseUrl ?? '(provider default)'}, key ${key.key ? 'set' : 'not needed'}`);
    return createProvider(id, { ...connection.connection, apiKey: key.key, log: this.log.tagged(id) });
  }

  private refuse(message: string, interactive: boolean, setting?: string): undefined {
    this.log.warn(message);
    if (!interactive) return undefined;
    if (!setting) {
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
    const open = vscode.l10n.t('Open Settings');
    void vscode.window.showErrorMessage(message, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
    return undefined;
  }
}

/** The host a provider's requests go to with the current settings (for the key's host check); undefined when unknown. */
export function currentProviderHost(settings: SettingsReader, info: ProviderInfo): string | undefined {
  const connection = connectionFor(settings.read(), info.id);
  return connection.ok ? providerHost(connection.connection.baseUrl, info.defaultBaseUrl) : undefined;
}
