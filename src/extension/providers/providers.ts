import * as vscode from 'vscode';
import { allProviderInfos, createProvider, isProviderId, providerInfo } from '../../core/providers/registry';
import type { JobRecord } from '../../core/jobs/record';
import type { ProviderInfo, VideoProvider } from '../../core/providers/provider';
import { withEndpointSettings } from '../settings/endpointSettings';
import type { Log } from '../platform/log';
import { providerHost } from '../keys/keyBinding';
import {
  azureEndpointSetting,
  connectionFor,
  connectionForJob,
  endpointOf,
  openaiBaseUrlSetting,
  type ConnectionResult,
} from './providerConnection';
import type { ApiKeys, OtherHostPolicy } from '../keys/secrets';
import type { SettingsReader } from '../settings/settings';
import type { Settings } from '../settings/settingsSchema';

/**
 * A provider built for a job, or why it cannot run: `setting` is the one to fill in; `told` = the user was already
 * asked or told (a declined key question), so nothing more is shown.
 */
export type Built =
  | { readonly provider: VideoProvider }
  /** `keyProblem`: the key is missing or may not go to this server (Set API key… helps). */
  | { readonly problem: string; readonly setting?: string; readonly told?: boolean; readonly keyProblem?: boolean };

/** Builds core providers with the user's settings and keys. Interactive: may ask for a missing key. */
export class ProviderFactory {
  /** Where each provider made here sends its requests (logged before every job and kept in its record). */
  private readonly endpoints = new WeakMap<VideoProvider, string>();

  constructor(
    private readonly settings: SettingsReader,
    private readonly keys: ApiKeys,
    private readonly log: Log,
  ) {}

  /** The provider's capabilities with the user's custom models (`animateImage.customModels`), labels translated. */
  info(id: string): ProviderInfo | undefined {
    return isProviderId(id) ? providerInfo(id, this.settings.read().customModels) : undefined;
  }

  /** Every provider a new job can use (custom models included), for the form and pickers. */
  infos(): ProviderInfo[] {
    return allProviderInfos(this.settings.read().customModels);
  }

  /**
   * A ready provider, or undefined when it cannot run (unknown id, missing endpoint, no key); the reason
   * is shown when `interactive`, else only logged (e.g. resuming jobs at start-up). `options` are added to the
   * provider's options from the settings, for this job only (the form's camera options for the local renderer).
   */
  async create(
    id: string,
    interactive: boolean,
    options?: Readonly<Record<string, unknown>>,
  ): Promise<VideoProvider | undefined> {
    return this.shown(await this.prepare(id, interactive, options), interactive);
  }

  /**
   * Builds the provider exactly as `create` does for a job, but hands back why it cannot run instead of showing it
   * (the connection check reports it beside the other providers' results).
   */
  async prepare(id: string, interactive: boolean, options?: Readonly<Record<string, unknown>>): Promise<Built> {
    const info = this.info(id);
    if (!info) return { problem: vscode.l10n.t('Unknown provider "{0}".', id) };
    const connection = connectionOf(this.settings.read(), id);
    const withOptions =
      connection.ok && options
        ? {
            ...connection,
            connection: { ...connection.connection, options: { ...connection.connection.options, ...options } },
          }
        : connection;
    return this.build(info, withOptions, interactive, 'ask');
  }

  /**
   * The provider to follow or cancel a job already sent: at the endpoint kept in its record, whatever the settings
   * say now (logged when they differ), and with a key only if it was saved for that host — a key saved for another
   * host is never sent there, and the user is told so instead.
   */
  async forJob(record: JobRecord, interactive: boolean): Promise<VideoProvider | undefined> {
    const id = record.remote.provider;
    const info = this.info(id);
    if (!info) return this.shown({ problem: vscode.l10n.t('Unknown provider "{0}".', id) }, interactive);
    const job = connectionForJob(
      this.settings.read(),
      id,
      record.endpoint,
      info.defaultBaseUrl,
      vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    );
    if (job.settingsNow !== undefined) {
      this.log.info(
        `job ${record.id}: was sent to ${record.endpoint ?? '?'}; the settings now name ${job.settingsNow || 'no address'}: following it at ${record.endpoint ?? '?'}`,
      );
    }
    // Older records kept no endpoint: those follow the settings as before, with the usual question for a moved key.
    const built = record.endpoint
      ? await this.build(info, job.result, interactive, 'refuse', 'where the job was sent')
      : await this.build(info, job.result, interactive, 'ask');
    return this.shown(built, interactive);
  }

  private async build(
    info: ProviderInfo,
    connection: ConnectionResult,
    interactive: boolean,
    otherHost: OtherHostPolicy,
    origin?: string,
  ): Promise<Built> {
    const id = info.id;
    const settings = this.settings.read();
    if (!connection.ok) return { problem: refusalText(connection), setting: connection.setting };
    // The key only goes to the host it was saved for, unless the user agrees to the new one (keys/secrets.ts).
    const host = providerHost(connection.connection.baseUrl, info.defaultBaseUrl);
    const key = await this.keys.forHost(info, host, interactive, otherHost);
    if (!key.ok) {
      if (!interactive)
        this.log.warn(
          `provider ${id}: not started without the user: its key was saved for another host than ${host ?? '?'}`,
        );
      // The user has been asked (or told) already; a non-interactive caller reports this reason.
      return {
        problem: vscode.l10n.t('The API key for {0} is saved for another server than {1}.', info.label, host ?? '?'),
        told: true,
        keyProblem: true,
      };
    }
    if (info.needsKey && !key.key) {
      const missing = this.keys.missingFromEnv(info);
      return {
        problem: missing
          ? vscode.l10n.t('{0} has no API key: {1} is not set (both keys are needed).', info.label, missing.join(', '))
          : vscode.l10n.t('{0} has no API key.', info.label),
        keyProblem: true,
      };
    }
    const endpoint = endpointOf(connection.connection, info.defaultBaseUrl);
    const source = origin ?? (connection.connection.baseUrl ? 'from settings' : 'the provider default');
    this.log.info(
      `provider ${id}: ${endpoint ? `endpoint ${endpoint} (${source})` : 'runs on this computer'}, key ${key.key ? 'set' : 'not needed'}`,
    );
    const provider = createProvider(id, {
      ...connection.connection,
      apiKey: key.key,
      customModels: settings.customModels,
      log: this.log.tagged(id),
    });
    if (endpoint) this.endpoints.set(provider, endpoint);
    return { provider };
  }

  /** The provider, or undefined after showing (when `interactive`) or logging why not. */
  private shown(built: Built, interactive: boolean): VideoProvider | undefined {
    if ('provider' in built) return built.provider;
    if (built.told) return undefined;
    return this.refuse(built.problem, interactive, built.setting);
  }

  /** The address a provider made by `create` sends to; undefined when it runs on this computer. */
  endpointOf(provider: VideoProvider): string | undefined {
    return this.endpoints.get(provider);
  }

  /** Where jobs of `id` would go with the current settings, or why they cannot go anywhere yet (for the form). */
  destination(id: string): { readonly endpoint?: string; readonly problem?: string } {
    const info = this.info(id);
    if (!info) return {};
    const connection = connectionOf(this.settings.read(), id);
    if (!connection.ok) return { problem: refusalText(connection) };
    const endpoint = endpointOf(connection.connection, info.defaultBaseUrl);
    return endpoint ? { endpoint } : {};
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

/** The refusal in the display language (connectionFor is pure and English). */
function refusalText(refusal: Extract<ConnectionResult, { ok: false }>): string {
  if (refusal.setting === openaiBaseUrlSetting) {
    return vscode.l10n.t(
      "OpenAI Videos needs the address of a server that offers the OpenAI Videos API (OpenAI's own Sora API shut down on 24 September 2026): set {0} (e.g. https://gateway.example.com/v1).",
      openaiBaseUrlSetting,
    );
  }
  if (refusal.setting === azureEndpointSetting) {
    return vscode.l10n.t(
      'Azure OpenAI needs your resource endpoint: set {0} (e.g. https://RES.openai.azure.com).',
      azureEndpointSetting,
    );
  }
  return refusal.message;
}

/** The host a provider's requests go to with the current settings (for the key's host check); undefined when unknown. */
export function currentProviderHost(settings: SettingsReader, info: ProviderInfo): string | undefined {
  const connection = connectionOf(settings.read(), info.id);
  return connection.ok ? providerHost(connection.connection.baseUrl, info.defaultBaseUrl) : undefined;
}

/** The connection from every setting that shapes it (the older per-provider ones, then `animateImage.baseUrls`…). */
function connectionOf(settings: Settings, id: string): ConnectionResult {
  return withEndpointSettings(
    settings,
    id,
    connectionFor(settings, id),
    vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  );
}
