import * as vscode from 'vscode';
import type { ProviderInfo } from '../../core/providers/provider';

/**
 * A provider's info with its descriptive labels in the display language. The core's labels are English; product
 * names ("OpenAI Videos (Sora 2)", "Runway", "Wan 2.6") stay as they are.
 */
export function localizedInfo(info: ProviderInfo): ProviderInfo {
  return {
    ...info,
    label: translated(info.label),
    models: info.models.map((model) => ({ ...model, label: translated(model.label) })),
  };
}

function translated(label: string): string {
  // Literal calls, so the l10n completeness test finds every text.
  switch (label) {
    case 'Local camera move (offline)':
      return vscode.l10n.t('Local camera move (offline)');
    case 'Camera move (zoom or pan over the still)':
      return vscode.l10n.t('Camera move (zoom or pan over the still)');
    case 'Azure OpenAI Sora (jobs API) — retired by Microsoft':
      return vscode.l10n.t('Azure OpenAI Sora (jobs API) — retired by Microsoft');
    case 'Azure OpenAI Sora 2 (v1 route) — retired by Microsoft':
      return vscode.l10n.t('Azure OpenAI Sora 2 (v1 route) — retired by Microsoft');
    case 'Google Veo (Gemini API) — retired by Google':
      return vscode.l10n.t('Google Veo (Gemini API) — retired by Google');
    case 'Veo 3.1 (preview)':
      return vscode.l10n.t('Veo 3.1 (preview)');
    case 'Alibaba DashScope (Wan)':
      return vscode.l10n.t('Alibaba DashScope (Wan)');
    case 'AOG (AIPC Open Gateway) — archived by Intel':
      return vscode.l10n.t('AOG (AIPC Open Gateway) — archived by Intel');
    case 'Wan 2.2 image-to-video plus (via AOG, 1080P, 5 s)':
      return vscode.l10n.t('Wan 2.2 image-to-video plus (via AOG, 1080P, 5 s)');
    case 'OpenAI-compatible video server':
      return vscode.l10n.t('OpenAI-compatible video server');
    case 'Veo 3.1 Fast (preview)':
      return vscode.l10n.t('Veo 3.1 Fast (preview)');
    case 'Veo 3.1 Lite (preview)':
      return vscode.l10n.t('Veo 3.1 Lite (preview)');
    case 'Veo 3.1 (via Runway)':
      return vscode.l10n.t('Veo 3.1 (via Runway)');
    case 'Veo 3.1 Fast (via Runway)':
      return vscode.l10n.t('Veo 3.1 Fast (via Runway)');
    case 'Veo 3 (via Runway)':
      return vscode.l10n.t('Veo 3 (via Runway)');
    case 'Veo 3.1 (via OpenRouter)':
      return vscode.l10n.t('Veo 3.1 (via OpenRouter)');
    case 'Wan 2.2 I2V A14B (e.g. vLLM-Omni)':
      return vscode.l10n.t('Wan 2.2 I2V A14B (e.g. vLLM-Omni)');
    case 'Wanx 2.1 first and last frame':
      return vscode.l10n.t('Wanx 2.1 first and last frame');
    case 'Sora 2 (deployment)':
      return vscode.l10n.t('Sora 2 (deployment)');
    case 'Sora (first generation)':
      return vscode.l10n.t('Sora (first generation)');
    case 'ComfyUI (your GPU)':
      return vscode.l10n.t('ComfyUI (your GPU)');
    case 'Wan 2.2 14B image-to-video':
      return vscode.l10n.t('Wan 2.2 14B image-to-video');
    case 'LTX-Video 2B 0.9.5 image-to-video':
      return vscode.l10n.t('LTX-Video 2B 0.9.5 image-to-video');
    case 'Your own ComfyUI workflow (the "workflow" option)':
      return vscode.l10n.t('Your own ComfyUI workflow (the "workflow" option)');
    case 'Kling AI':
      return vscode.l10n.t('Kling AI');
    case 'MiniMax Hailuo':
      return vscode.l10n.t('MiniMax Hailuo');
    case 'Seedance on Ark (BytePlus / Volcengine)':
      return vscode.l10n.t('Seedance on Ark (BytePlus / Volcengine)');
    case 'Seedance 2.0 (Volcengine China)':
      return vscode.l10n.t('Seedance 2.0 (Volcengine China)');
    case 'Seedance 2.0 Fast (Volcengine China)':
      return vscode.l10n.t('Seedance 2.0 Fast (Volcengine China)');
    case 'Seedance 1.5 Pro (Volcengine China)':
      return vscode.l10n.t('Seedance 1.5 Pro (Volcengine China)');
    case 'Seedance 1.0 Pro (Volcengine China)':
      return vscode.l10n.t('Seedance 1.0 Pro (Volcengine China)');
    case 'Seedance 1.0 Pro Fast (Volcengine China)':
      return vscode.l10n.t('Seedance 1.0 Pro Fast (Volcengine China)');
    default:
      return label;
  }
}
