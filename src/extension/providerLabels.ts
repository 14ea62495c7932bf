import * as vscode from 'vscode';
import type { ProviderInfo } from '../core/providers/provider';

/**
 * A provider's info with its descriptive labels in the display language. The core's labels are English; product
 * names ("OpenAI Videos (Sora 2)", "Runway", "Wan 2.6") stay as they are.
 */
export function localizedInfo(info: ProviderInfo): ProviderInfo {
  return { ...info, label: translated(info.label), models: info.models.map((model) => ({ ...model, label: translated(model.label) })) };
}

function translated(label: string): string {
  // Literal calls, so the l10n completeness test finds every text.
  switch (label) {
    case 'Local camera move (offline)':
      return vscode.l10n.t('Local camera move (offline)');
    case 'Camera move (zoom or pan over the still)':
      return vscode.l10n.t('Camera move (zoom or pan over the still)');
    case 'Azure OpenAI Sora (jobs API)':
      return vscode.l10n.t('Azure OpenAI Sora (jobs API)');
    case 'Azure OpenAI (Sora 2, v1 route)':
      return vscode.l10n.t('Azure OpenAI (Sora 2, v1 route)');
    case 'Google Veo (Gemini API)':
      return vscode.l10n.t('Google Veo (Gemini API)');
    case 'Veo 3.1 (preview)':
      return vscode.l10n.t('Veo 3.1 (preview)');
    case 'Alibaba DashScope (Wan)':
      return vscode.l10n.t('Alibaba DashScope (Wan)');
    case 'AOG (AIPC Open Gateway)':
      return vscode.l10n.t('AOG (AIPC Open Gateway)');
    case 'Wan 2.2 image-to-video plus (via AOG, 1080P, 5 s)':
      return vscode.l10n.t('Wan 2.2 image-to-video plus (via AOG, 1080P, 5 s)');
    default:
      return label;
  }
}
