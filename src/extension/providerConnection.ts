// Which base URL and options each provider gets from the settings. Pure, so it is unit-tested.
import { azureBaseUrl, settingsSection, type Settings } from './settingsSchema';

export interface Connection {
  readonly baseUrl?: string;
  readonly options?: Readonly<Record<string, unknown>>;
}

export type ConnectionResult =
  | { readonly ok: true; readonly connection: Connection }
  /** `setting` is the one the user has to fill in. */
  | { readonly ok: false; readonly setting: string; readonly message: string };

export function connectionFor(settings: Settings, providerId: string): ConnectionResult {
  switch (providerId) {
    case 'local':
      return { ok: true, connection: { options: { encoder: settings.localEncoder } } };
    case 'openai-videos':
      return { ok: true, connection: settings.openaiVideosBaseUrl ? { baseUrl: settings.openaiVideosBaseUrl } : {} };
    case 'azure-openai':
    case 'azure-sora-jobs': {
      const setting = `${settingsSection}.azureOpenai.endpoint`;
      if (!settings.azureOpenaiEndpoint) {
        return { ok: false, setting, message: `Azure OpenAI needs your resource endpoint: set ${setting} (e.g. https://RES.openai.azure.com).` };
      }
      // The v1 route for the Videos API shape; the jobs API takes the bare endpoint and finds its own path.
      const baseUrl = providerId === 'azure-openai' ? azureBaseUrl(settings.azureOpenaiEndpoint) : settings.azureOpenaiEndpoint;
      return { ok: true, connection: { baseUrl } };
    }
    default:
      // Other providers use their own default endpoints until they get settings of their own.
      return { ok: true, connection: {} };
  }
}
