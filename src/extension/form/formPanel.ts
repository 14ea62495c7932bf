import * as vscode from 'vscode';
import {
  hostToWebviewSchema,
  parseWebviewMessage,
  type FormValues,
  type HostToWebview,
  type ImageView,
} from '../../shared/protocol';
import { providerChoices, rememberValues, startAnimation } from '../animate/animateFlow';
import { initialValues, settingsLayer } from './formModel';
import { findPreset, presetLayer, type ValueLayer } from '../../shared/valueLayers';
import { presetProblems } from '../presets/presetCheck';
import { priceDate, priceTable } from '../cost/priceTable';
import type { Services } from '../platform/services';
import { formHtml, webviewRoot } from './html';
import { moveLabels, promptChips, snippets, webviewStrings } from './strings';
import { imageFocus, makeImageView } from './thumbnail';

/**
 * The one-screen "Animate image" form: one panel per set of images (opening the same set again reveals it).
 * The webview only ever sends values; the host checks them, picks the target next to each image and starts.
 */
export class FormPanel implements vscode.Disposable {
  static readonly viewType = 'animateImage.form';
  private static readonly panels = new Map<string, FormPanel>();

  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  static show(services: Services, images: readonly vscode.Uri[], args: ValueLayer): void {
    const key = images.map((uri) => uri.toString()).join('\n');
    const existing = FormPanel.panels.get(key);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    FormPanel.panels.set(key, new FormPanel(services, images, args, key));
  }

  private constructor(
    private readonly services: Services,
    private readonly images: readonly vscode.Uri[],
    private readonly args: ValueLayer,
    private readonly key: string,
  ) {
    const first = images[0]?.path.split('/').pop() ?? '';
    const title =
      images.length === 1 ? vscode.l10n.t('Animate {0}', first) : vscode.l10n.t('Animate {0} images', images.length);
    this.panel = vscode.window.createWebviewPanel(FormPanel.viewType, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [webviewRoot(services.extensionUri)],
    });
    this.panel.iconPath = vscode.Uri.joinPath(services.extensionUri, 'media', 'icon.png');
    this.panel.webview.html = formHtml(this.panel.webview, services.extensionUri, title, vscode.l10n.t('Loading…'));
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.handle(raw)),
      services.keys.onDidChange(() => void this.sendKeyStatus()),
    );
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    FormPanel.panels.delete(this.key);
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private async handle(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.services.log.warn('form: ignored a message that does not match the protocol');
      return;
    }
    switch (message.type) {
      case 'ready':
        return this.sendInit();
      case 'cancel':
        return this.dispose();
      case 'setKey':
        return this.setKey(message.provider);
      case 'animate':
        return this.animate(message.values);
    }
  }

  private async sendInit(): Promise<void> {
    const settings = this.services.settings.read();
    const last = this.services.lastValues.get();
    const preset = findPreset(settings.presets, this.args.preset);
    const extraModels = [
      settingsLayer(settings),
      ...(last ? [last] : []),
      ...settings.presets.map(presetLayer),
      this.args,
    ];
    const providers = await providerChoices(this.services, extraModels);
    const problems = presetProblems(
      settings.presets,
      this.services.providers.infos(),
      settings.defaultProvider,
      (message, ...args) => vscode.l10n.t(message, ...args),
    );
    const images: ImageView[] = [];
    for (const [index, uri] of this.images.entries()) {
      images.push(
        index === 0 ? await makeImageView(uri, this.services.log) : { name: uri.path.split('/').pop() || uri.path },
      );
    }
    this.post({
      type: 'init',
      images,
      providers,
      presets: [...settings.presets],
      values: initialValues({ settings, last, preset, args: this.args }, providers),
      prices: priceTable(settings.customModels),
      priceDate: priceDate(),
      chips: promptChips(),
      snippets: snippets(),
      ...(Object.keys(problems).length > 0 ? { presetProblems: problems } : {}),
      strings: webviewStrings(),
      moveLabels: moveLabels(),
    });
    const problem = preset ? problems[preset.name] : undefined;
    if (problem) this.post({ type: 'error', message: problem });
    // After init, so the form is already on screen: decoding a large picture for its subject takes a moment.
    const first = this.images[0];
    const focus = first && images[0]?.thumbnail ? await imageFocus(first, this.services.log) : undefined;
    if (focus) this.post({ type: 'focus', image: 0, focus });
  }

  private async animate(values: FormValues): Promise<void> {
    this.post({ type: 'busy', busy: true });
    const started = await startAnimation(this.services, this.images, values);
    if (!started.ok) {
      if (started.message) this.post({ type: 'error', message: started.message });
      this.post({ type: 'busy', busy: false });
      return;
    }
    rememberValues(this.services, values);
    this.dispose();
  }

  private async setKey(providerId: string): Promise<void> {
    const info = this.services.providers.info(providerId);
    if (!info?.needsKey) return;
    await this.services.keys.prompt(info);
    await this.sendKeyStatus();
  }

  private async sendKeyStatus(): Promise<void> {
    for (const info of this.services.providers.infos()) {
      if (!info.needsKey) continue;
      this.post({ type: 'keyStatus', provider: info.id, hasKey: await this.services.keys.has(info) });
    }
  }

  /** Outgoing messages are checked too: a host bug shows up in the log, not as a broken form. */
  private post(message: HostToWebview): void {
    if (this.disposed) return;
    const checked = hostToWebviewSchema.safeParse(message);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      this.services.log.error(
        `form: not sending an invalid ${message.type} message (${issue?.path.join('.')}: ${issue?.message})`,
      );
      return;
    }
    void this.panel.webview.postMessage(checked.data);
  }
}
