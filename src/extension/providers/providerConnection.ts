// Which base URL and options each provider gets from the settings, and where its jobs go. Pure, so it is unit-tested.
import { azureV1BaseUrl } from '../../core/providers/endpoints';
import { settingsSection, type Settings } from '../settings/settingsSchema';
import { withEndpointSettings } from '../settings/endpointSettings';

export interface Connection {
  readonly baseUrl?: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

export type ConnectionResult =
  | { readonly ok: true; readonly connection: Connection }
  /** `setting` is the one the user has to fill in. */
  | { readonly ok: false; readonly setting: string; readonly message: string };

export const openaiBaseUrlSetting = `${settingsSection}.openaiVideos.baseUrl`;
export const azureEndpointSetting = `${settingsSection}.azureOpenai.endpoint`;

export function connectionFor(settings: Settings, providerId: string): ConnectionResult {
  switch (providerId) {
    case 'local':
      return { ok: true, connection: { options: { encoder: settings.localEncoder } } };
    case 'openai-videos':
      // OpenAI's own Sora API shut down on 2026-09-24: without an address of the user's choosing nothing may be sent,
      // least of all to api.openai.com by default.
      if (!settings.openaiVideosBaseUrl) {
        return {
          ok: false,
          setting: openaiBaseUrlSetting,
          message: `OpenAI Videos needs the address of a server that offers the OpenAI Videos API (OpenAI's own Sora API shut down on 24 September 2026): set ${openaiBaseUrlSetting} (e.g. https://gateway.example.com/v1).`,
        };
      }
      return { ok: true, connection: { baseUrl: settings.openaiVideosBaseUrl } };
    case 'azure-openai':
    case 'azure-sora-jobs': {
      if (!settings.azureOpenaiEndpoint) {
        return {
          ok: false,
          setting: azureEndpointSetting,
          message: `Azure OpenAI needs your resource endpoint: set ${azureEndpointSetting} (e.g. https://RES.openai.azure.com).`,
        };
      }
      // The v1 route for the Videos API shape; the jobs API takes the bare endpoint and finds its own path.
      const baseUrl =
        providerId === 'azure-openai' ? azureV1BaseUrl(settings.azureOpenaiEndpoint) : settings.azureOpenaiEndpoint;
      return { ok: true, connection: { baseUrl } };
    }
    default:
      // Other providers use their own default endpoints until they get settings of their own.
      return { ok: true, connection: {} };
  }
}

/**
 * The address a provider's requests go to: the configured base URL, else the provider's own default; undefined when
 * nothing leaves this computer (local) or the address is unknown. Shown in the form and logged before each job.
 */
export function endpointOf(connection: Connection, defaultBaseUrl: string | undefined): string | undefined {
  return connection.baseUrl ?? defaultBaseUrl;
}

/** Where a job already sent is followed (or cancelled), and whether the settings now name another address. */
export interface JobConnection {
  readonly result: ConnectionResult;
  /** The address the settings name now, when it is not where the job went (the caller logs it); '' = none. */
  readonly settingsNow?: string;
}

/**
 * A resume asks the server the job was sent to — the `endpoint` kept in its record — never whatever the settings say
 * now: another server does not know the job, and must not get the key meant for the first one. The settings still
 * give the provider's options. Records written before endpoints were kept fall back to the settings.
 */
export function connectionForJob(
  settings: Settings,
  providerId: string,
  storedEndpoint: string | undefined,
  defaultBaseUrl: string | undefined,
  workspaceFolder?: string,
): JobConnection {
  const current = withEndpointSettings(settings, providerId, connectionFor(settings, providerId), workspaceFolder);
  if (!storedEndpoint) return { result: current };
  const options = current.ok ? current.connection.options : undefined;
  const result: ConnectionResult = {
    ok: true,
    connection: { baseUrl: storedEndpoint, ...(options ? { options } : {}) },
  };
  const now = current.ok ? (endpointOf(current.connection, defaultBaseUrl) ?? '') : '';
  return now === storedEndpoint ? { result } : { result, settingsNow: now };
}
