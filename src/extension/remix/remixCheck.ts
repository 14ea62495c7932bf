// Which videos the explorer offers to remix, and whether one can be. Pure (no vscode), unit-tested; the explorer
// menu's `when` clause in package.json uses the same pattern (a unit test reads it from there and compares).
import { extname } from 'node:path';
import { canRemix } from '../../core/jobs/remix';
import type { Provenance } from '../../core/jobs/provenance';
import type { ProviderInfo } from '../../core/providers/provider';

/** Matched against the extension including its dot, like the `resourceExtname` context key. */
export const videoExtnamePattern = /^\.mp4$/i;

/** For open dialogs (some platforms compare filters case-sensitively). */
export const videoDialogExtensions = ['mp4', 'MP4'];

export function isVideoPath(path: string): boolean {
  return videoExtnamePattern.test(extname(path));
}

export type RemixCheck =
  | { readonly ok: true; readonly info: ProviderInfo }
  /** `no-sidecar`: not made by us (or the sidecar was removed); `unknown-provider`; `cannot-remix`: the provider/model has no remix. */
  | {
      readonly ok: false;
      readonly reason: 'no-sidecar' | 'unknown-provider' | 'cannot-remix';
      readonly provider?: string;
    };

/** A video can be remixed when its sidecar names a provider whose model has the `remix` capability. */
export function checkRemix(
  provenance: Provenance | undefined,
  info: (id: string) => ProviderInfo | undefined,
): RemixCheck {
  if (!provenance) return { ok: false, reason: 'no-sidecar' };
  const provider = info(provenance.provider);
  if (!provider) return { ok: false, reason: 'unknown-provider', provider: provenance.provider };
  if (!canRemix(provider, provenance.model)) return { ok: false, reason: 'cannot-remix', provider: provider.label };
  return { ok: true, info: provider };
}
