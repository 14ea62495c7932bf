// The settings-driven parts of a provider's connection that providerConnection.ts does not cover: the per-provider
// base URL (`animateImage.baseUrls`), the user's ComfyUI workflow file and the custom models. Pure, unit-tested.
import { isAbsolute, join } from 'node:path';
import type { ConnectionResult } from '../providers/providerConnection';
import { baseUrlProviders, type BaseUrlProvider, type Settings } from './settingsSchema';

/**
 * `result` (from `connectionFor`) with the provider's address from `animateImage.baseUrls` (when the older settings set
 * none) and, for ComfyUI, the `workflow` option. A relative workflow path is read from `workspaceFolder`.
 */
export function withEndpointSettings(
  settings: Settings,
  providerId: string,
  result: ConnectionResult,
  workspaceFolder?: string,
): ConnectionResult {
  if (!result.ok) return result;
  const baseUrl =
    result.connection.baseUrl ?? (isBaseUrlProvider(providerId) ? settings.baseUrls[providerId] : undefined);
  const workflow =
    providerId === 'comfyui' && settings.comfyuiWorkflow
      ? workflowPath(settings.comfyuiWorkflow, workspaceFolder)
      : undefined;
  return {
    ok: true,
    connection: {
      ...result.connection,
      ...(baseUrl ? { baseUrl } : {}),
      ...(workflow ? { options: { ...result.connection.options, workflow } } : {}),
    },
  };
}

function isBaseUrlProvider(id: string): id is BaseUrlProvider {
  return (baseUrlProviders as readonly string[]).includes(id);
}

function workflowPath(path: string, workspaceFolder: string | undefined): string {
  return isAbsolute(path) || !workspaceFolder ? path : join(workspaceFolder, path);
}
