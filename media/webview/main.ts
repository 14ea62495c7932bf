// The "Animate image" form inside the webview. Bundled by scripts/build.mjs → dist/webview/main.js.
// Every message from the host is parsed with the shared protocol; the DOM is built with textContent only.
import { insertGlue } from '../../src/shared/insertText';
import { promptProblem } from '../../src/shared/formValidation';
import { fitToCapabilities, mergeValues, presetLayer, type ValueLayer } from '../../src/shared/valueLayers';
import { estimateCost } from '../../src/shared/priceRules';
import {
  formatText,
  formValuesSchema,
  parseHostMessage,
  type FormValues,
  type InitMessage,
  type ModelView,
  type ProviderView,
  type SnippetGroup,
  maxNegativePromptLength,
  maxSeedValue,
  type ExtraNameValue,
  type WebviewStringKey,
  type WebviewToHost,
} from '../../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;

let init: InitMessage | undefined;
let values: FormValues | undefined;
let providers: ProviderView[] = [];
/** An empty prompt is only pointed out once the user tried to animate; a too-long one at once. */
let triedToSubmit = false;

function send(message: WebviewToHost): void {
  vscode.postMessage(message);
}

function text(key: WebviewStringKey, ...args: Array<string | number>): string {
  return formatText(init?.strings[key] ?? key, ...args);
}

// ── tiny DOM helpers (no innerHTML anywhere) ─────────────────────────────────
type Attrs = Record<string, string | number | boolean | undefined>;

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) el.append(child);
  return el;
}

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

function setOptions(
  select: HTMLSelectElement,
  options: ReadonlyArray<{ value: string; label: string }>,
  selected: string,
): void {
  select.replaceChildren(
    ...options.map((o) => h('option', { value: o.value, selected: o.value === selected }, o.label)),
  );
  select.value = selected;
  // Should a label still not fit (a very narrow panel), hovering shows it whole.
  select.title = options.find((o) => o.value === selected)?.label ?? '';
}

// ── state ────────────────────────────────────────────────────────────────────
function currentProvider(): ProviderView | undefined {
  return providers.find((p) => p.id === values?.provider);
}

function currentModel(): ModelView | undefined {
  return currentProvider()?.models.find((m) => m.id === values?.model);
}

function update(change: ValueLayer): void {
  if (!values) return;
  values = fitToCapabilities(mergeValues([values, change]), providers);
  vscode.setState({ values });
  refresh();
}

/** A draft kept by the webview (hidden tab, reload) wins over the host's starting values. */
function restoredDraft(): FormValues | undefined {
  const state = vscode.getState() as { values?: unknown } | undefined;
  const parsed = formValuesSchema.safeParse(state?.values);
  return parsed.success ? parsed.data : undefined;
}

// ── building the form ────────────────────────────────────────────────────────
function build(message: InitMessage): void {
  init = message;
  providers = message.providers;
  values = fitToCapabilities(restoredDraft() ?? message.values, providers);
  const count = message.images.length;

  const form = h(
    'form',
    { id: 'form', novalidate: true },
    field('preset', text('preset'), h('select', { id: 'preset' })),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'prompt' }, text('prompt')),
      h('textarea', {
        id: 'prompt',
        rows: 4,
        placeholder: text('promptPlaceholder'),
        'aria-describedby': 'prompt-error prompt-hint',
      }),
      h('p', { id: 'prompt-error', class: 'error field-error', role: 'alert' }),
      h('p', { id: 'prompt-hint', class: 'hint' }, text('promptHint'), ' ', h('span', { id: 'prompt-count' })),
      h(
        'div',
        { class: 'chips', role: 'group', 'aria-label': text('chips') },
        ...message.chips.map((chip) => h('button', { type: 'button', class: 'chip', 'data-chip': chip }, chip)),
      ),
      ...(message.snippets && message.snippets.length > 0 ? [snippetList(message.snippets)] : []),
    ),
    h(
      'div',
      { class: 'row choices' },
      field('provider', text('provider'), h('select', { id: 'provider' })),
      field('model', text('model'), h('select', { id: 'model' })),
    ),
    h('p', { id: 'endpoint', class: 'endpoint', 'aria-live': 'polite' }),
    h(
      'div',
      { id: 'key-row', class: 'key-row', hidden: true },
      h('span', { id: 'key-text' }),
      h('button', { type: 'button', id: 'set-key', class: 'secondary' }, text('setKey')),
    ),
    h('p', { id: 'model-note', class: 'note', role: 'note', hidden: true }),
    h(
      'div',
      { class: 'row' },
      field('size', text('size'), h('select', { id: 'size' })),
      field('seconds', text('duration'), h('select', { id: 'seconds' })),
    ),
    extrasFieldset(),
    h(
      'fieldset',
      { class: 'fit' },
      h('legend', {}, text('fit')),
      radio('fit-crop', 'crop', text('fitCrop')),
      radio('fit-pad', 'pad', text('fitPad')),
    ),
    h('p', { id: 'cost', class: 'cost', 'aria-live': 'polite' }),
    h('p', { id: 'error', class: 'error', role: 'alert' }),
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'submit', id: 'animate' }, count > 1 ? text('animateMany', count) : text('animate')),
      h('button', { type: 'button', id: 'cancel', class: 'secondary' }, text('cancel')),
    ),
  );

  app.replaceChildren(h('h1', {}, text('heading')), h('div', { class: 'layout' }, preview(message), form));
  app.removeAttribute('aria-busy');
  wire(form);
  byId<HTMLTextAreaElement>('prompt').value = values.prompt;
  refresh();
  byId<HTMLTextAreaElement>('prompt').focus();
}

/** The fields only some models take; `refresh` shows those the chosen model takes (`ModelView.extras`). */
function extrasFieldset(): HTMLElement {
  const onOff = (id: string) =>
    h(
      'select',
      { id },
      h('option', { value: '' }, text('providerDefault')),
      h('option', { value: 'on' }, text('on')),
      h('option', { value: 'off' }, text('off')),
    );
  return h(
    'fieldset',
    { id: 'extras', class: 'extras', hidden: true },
    h('legend', {}, text('extrasLegend')),
    h(
      'div',
      { class: 'field', id: 'field-negativePrompt' },
      h('label', { for: 'negative-prompt' }, text('negativePrompt')),
      h('textarea', {
        id: 'negative-prompt',
        rows: 2,
        maxlength: maxNegativePromptLength,
        placeholder: text('negativePromptPlaceholder'),
      }),
    ),
    h(
      'div',
      { class: 'row' },
      h(
        'div',
        { class: 'field', id: 'field-seed' },
        h('label', { for: 'seed' }, text('seed')),
        h('input', {
          id: 'seed',
          type: 'number',
          min: 0,
          max: maxSeedValue,
          step: 1,
          inputmode: 'numeric',
          placeholder: text('seedPlaceholder'),
          'aria-describedby': 'seed-error',
        }),
        h('p', { id: 'seed-error', class: 'error field-error', role: 'alert' }),
      ),
      h('div', { class: 'field', id: 'field-audio' }, h('label', { for: 'audio' }, text('audio')), onOff('audio')),
      h(
        'div',
        { class: 'field', id: 'field-enhancePrompt' },
        h('label', { for: 'enhance-prompt' }, text('enhancePrompt')),
        onOff('enhance-prompt'),
      ),
    ),
  );
}

/** Sets or clears one extra (`mergeValues` skips unset fields, so clearing needs its own step). */
function setExtra<K extends ExtraNameValue>(name: K, value: FormValues[K] | undefined): void {
  if (!values) return;
  const { [name]: _old, ...rest } = values;
  values = (value === undefined ? rest : { ...rest, [name]: value }) as FormValues;
  update({});
}

function onOffValue(select: HTMLSelectElement): boolean | undefined {
  return select.value === 'on' ? true : select.value === 'off' ? false : undefined;
}

/** The seed box's number, or why it is not one (empty = the provider picks one). */
function readSeed(): { ok: true; seed?: number } | { ok: false } {
  const raw = byId<HTMLInputElement>('seed').value.trim();
  if (raw === '') return { ok: true };
  const seed = Number(raw);
  return Number.isInteger(seed) && seed >= 0 && seed <= maxSeedValue ? { ok: true, seed } : { ok: false };
}

/** Prompt help, folded by default: groups of phrases and the five-part template, inserted at the caret. */
function snippetList(groups: readonly SnippetGroup[]): HTMLElement {
  return h(
    'details',
    { id: 'snippets', class: 'snippets' },
    h('summary', {}, text('snippets')),
    ...groups.map((group) =>
      h(
        'div',
        { class: 'snippet-group', role: 'group', 'aria-label': group.label },
        h('span', { class: 'snippet-label' }, group.label),
        ...group.items.map((item) =>
          h('button', { type: 'button', class: 'snippet', 'data-snippet': item.text, title: item.text }, item.label),
        ),
      ),
    ),
  );
}

function field(id: string, label: string, control: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

function radio(id: string, value: string, label: string): HTMLElement {
  return h(
    'div',
    { class: 'radio' },
    h('input', { type: 'radio', id, name: 'fit', value }),
    h('label', { for: id }, label),
  );
}

function preview(message: InitMessage): HTMLElement {
  const first = message.images[0];
  const section = h('section', { class: 'preview', 'aria-label': first?.name ?? '' });
  if (!first) return section;
  if (first.thumbnail) {
    const img = h('img', { id: 'thumb', src: first.thumbnail, alt: text('thumbnailAlt', first.name) });
    img.addEventListener('load', () => drawFrame());
    section.append(
      h(
        'figure',
        {},
        h(
          'div',
          { id: 'stage', class: 'stage' },
          img,
          h('div', { id: 'frame', class: 'frame', 'aria-hidden': 'true' }),
        ),
        h('figcaption', { id: 'frame-caption' }),
      ),
    );
  } else {
    section.append(h('p', { class: 'no-thumb' }, text('noThumbnail', first.name)));
  }
  section.append(
    h('p', { class: 'name' }, first.name + (first.width && first.height ? ` · ${first.width}×${first.height}` : '')),
  );
  if (first.problem) section.append(h('p', { class: 'error' }, first.problem));
  if (first.note) section.append(h('p', { class: 'note', role: 'note' }, first.note));
  if (message.images.length > 1) {
    const others = message.images.slice(1);
    section.append(
      h('p', { class: 'more' }, text('moreImages', message.images.length)),
      h(
        'ul',
        { class: 'names' },
        ...others.slice(0, 20).map((image) => h('li', {}, image.name)),
        ...(others.length > 20 ? [h('li', {}, '…')] : []),
      ),
    );
  }
  return section;
}

// ── events ───────────────────────────────────────────────────────────────────
function wire(form: HTMLFormElement): void {
  const prompt = byId<HTMLTextAreaElement>('prompt');
  byId<HTMLSelectElement>('preset').addEventListener('change', (e) =>
    applyPreset((e.target as HTMLSelectElement).value),
  );
  byId<HTMLSelectElement>('provider').addEventListener('change', (e) =>
    update({ provider: (e.target as HTMLSelectElement).value }),
  );
  byId<HTMLSelectElement>('model').addEventListener('change', (e) =>
    update({ model: (e.target as HTMLSelectElement).value }),
  );
  byId<HTMLSelectElement>('size').addEventListener('change', (e) =>
    update({ size: (e.target as HTMLSelectElement).value }),
  );
  byId<HTMLSelectElement>('seconds').addEventListener('change', (e) =>
    update({ seconds: Number((e.target as HTMLSelectElement).value) }),
  );
  for (const id of ['fit-crop', 'fit-pad']) {
    byId<HTMLInputElement>(id).addEventListener('change', (e) =>
      update({ fit: (e.target as HTMLInputElement).value === 'pad' ? 'pad' : 'crop' }),
    );
  }
  prompt.addEventListener('input', () => update({ prompt: prompt.value }));
  const negative = byId<HTMLTextAreaElement>('negative-prompt');
  negative.addEventListener('input', () =>
    setExtra('negativePrompt', negative.value.trim() ? negative.value : undefined),
  );
  byId<HTMLInputElement>('seed').addEventListener('input', () => {
    const read = readSeed();
    showSeedProblem(!read.ok);
    if (read.ok) setExtra('seed', read.seed);
  });
  byId<HTMLSelectElement>('audio').addEventListener('change', (e) =>
    setExtra('audio', onOffValue(e.target as HTMLSelectElement)),
  );
  byId<HTMLSelectElement>('enhance-prompt').addEventListener('change', (e) =>
    setExtra('enhancePrompt', onOffValue(e.target as HTMLSelectElement)),
  );
  for (const chip of Array.from(form.querySelectorAll<HTMLButtonElement>('button.chip'))) {
    chip.addEventListener('click', () => insertChip(prompt, chip.dataset.chip ?? ''));
  }
  for (const snippet of Array.from(form.querySelectorAll<HTMLButtonElement>('button.snippet'))) {
    snippet.addEventListener('click', () => insertChip(prompt, snippet.dataset.snippet ?? ''));
  }
  byId<HTMLButtonElement>('set-key').addEventListener(
    'click',
    () => values && send({ type: 'setKey', provider: values.provider }),
  );
  byId<HTMLButtonElement>('cancel').addEventListener('click', () => send({ type: 'cancel' }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    submit();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape' && !(e.target instanceof HTMLSelectElement)) {
      send({ type: 'cancel' });
    }
  });
}

function applyPreset(name: string): void {
  const preset = init?.presets.find((p) => p.name === name);
  if (!values) return;
  // A preset naming a retired model: say so (with the successor) rather than quietly switching models.
  showError(init?.presetProblems?.[name] ?? '');
  if (!preset) {
    const { preset: _dropped, ...rest } = values;
    values = rest;
    return update({});
  }
  update(mergeValues([presetLayer(preset)]));
  byId<HTMLTextAreaElement>('prompt').value = values.prompt;
}

function insertChip(prompt: HTMLTextAreaElement, chip: string): void {
  const start = prompt.selectionStart ?? prompt.value.length;
  const end = prompt.selectionEnd ?? start;
  const before = prompt.value.slice(0, start);
  const glue = insertGlue(before, chip);
  const insert = `${glue}${chip}`;
  prompt.value = before + insert + prompt.value.slice(end);
  const caret = start + insert.length;
  prompt.focus();
  prompt.setSelectionRange(caret, caret);
  update({ prompt: prompt.value });
}

function submit(): void {
  const animate = byId<HTMLButtonElement>('animate');
  if (!values || animate.disabled) return;
  triedToSubmit = true;
  const problem = currentPromptProblem();
  showPromptProblem(problem);
  const seedOk = byId('field-seed').hidden || readSeed().ok;
  showSeedProblem(!seedOk);
  if (!seedOk) {
    byId<HTMLInputElement>('seed').focus();
    return;
  }
  if (problem) {
    // Stays open, the words next to the prompt: nothing is sent that the provider would refuse.
    byId<HTMLTextAreaElement>('prompt').focus();
    return;
  }
  showError('');
  send({ type: 'animate', values });
}

// ── rendering values ─────────────────────────────────────────────────────────
function refresh(): void {
  if (!init || !values) return;
  const provider = currentProvider();
  const model = currentModel();
  if (!provider || !model) return;
  setOptions(
    byId('preset'),
    [{ value: '', label: text('presetNone') }, ...init.presets.map((p) => ({ value: p.name, label: p.name }))],
    values.preset ?? '',
  );
  setOptions(
    byId('provider'),
    providers.map((p) => ({ value: p.id, label: p.label })),
    provider.id,
  );
  setOptions(
    byId('model'),
    provider.models.map((m) => ({ value: m.id, label: modelLabel(m) })),
    model.id,
  );
  const note = byId('model-note');
  note.textContent = model.lifecycleNote ?? '';
  note.hidden = !model.lifecycleNote;
  showExtras(model, values);
  setOptions(
    byId('size'),
    model.sizes.map((s) => ({ value: s, label: s.replace('x', '×') })),
    values.size,
  );
  setOptions(
    byId('seconds'),
    model.seconds.map((s) => ({ value: String(s), label: text('secondsUnit', s) })),
    String(values.seconds),
  );
  byId<HTMLInputElement>('fit-crop').checked = values.fit === 'crop';
  byId<HTMLInputElement>('fit-pad').checked = values.fit === 'pad';
  byId('prompt-count').textContent = `${values.prompt.length}/${model.maxPromptLength}`;
  showPromptProblem(currentPromptProblem());
  showEndpoint(provider);
  const keyRow = byId('key-row');
  keyRow.hidden = !provider.needsKey || provider.hasKey;
  byId('key-text').textContent = text('keyMissing', provider.label);
  byId('cost').textContent = costLine(values, init.images.length);
  drawFrame();
}

function modelLabel(model: ModelView): string {
  const label = model.label === model.id ? model.id : `${model.label} (${model.id})`;
  return model.custom ? text('customModel', label) : label;
}

/** Only the fields the chosen model takes, filled with the current values (a field being typed in is left alone). */
function showExtras(model: ModelView, current: FormValues): void {
  const takes = model.extras ?? [];
  byId('extras').hidden = takes.length === 0;
  for (const name of ['negativePrompt', 'seed', 'audio', 'enhancePrompt'] as const)
    byId(`field-${name}`).hidden = !takes.includes(name);
  const negative = byId<HTMLTextAreaElement>('negative-prompt');
  if (negative.value.trim() !== (current.negativePrompt ?? '').trim()) negative.value = current.negativePrompt ?? '';
  const seed = byId<HTMLInputElement>('seed');
  if (readSeed().ok && seed.value.trim() !== (current.seed === undefined ? '' : String(current.seed)))
    seed.value = current.seed === undefined ? '' : String(current.seed);
  const onOff = (value: boolean | undefined) => (value === undefined ? '' : value ? 'on' : 'off');
  byId<HTMLSelectElement>('audio').value = onOff(current.audio);
  byId<HTMLSelectElement>('enhance-prompt').value = onOff(current.enhancePrompt);
}

function showSeedProblem(bad: boolean): void {
  const seed = byId<HTMLInputElement>('seed');
  byId('seed-error').textContent = bad ? text('seedInvalid', maxSeedValue) : '';
  if (bad) seed.setAttribute('aria-invalid', 'true');
  else seed.removeAttribute('aria-invalid');
}

/** The core's estimate with the host's table (first matching rule wins); unknown prices are never guessed. */
function costLine(current: FormValues, images: number): string {
  const job = { provider: current.provider, model: current.model, size: current.size, seconds: current.seconds };
  const estimate = estimateCost(
    current.audio === undefined ? job : { ...job, audio: current.audio },
    init?.prices ?? [],
  );
  if (!estimate) return text('costUnknown');
  if (estimate.usd === 0) return text('costFree');
  const total = (estimate.usd * images).toFixed(2);
  const date = init?.priceDate ?? '';
  return images > 1 ? text('costEstimateMany', total, images, date) : text('costEstimate', total, date);
}

/** Draws the chosen size over the thumbnail: the kept part for crop, the whole video frame for pad. */
function drawFrame(): void {
  const img = document.getElementById('thumb') as HTMLImageElement | null;
  const stage = document.getElementById('stage');
  const frame = document.getElementById('frame');
  const caption = document.getElementById('frame-caption');
  if (!img || !stage || !frame || !caption || !values || !img.naturalWidth || !img.naturalHeight) return;
  const [tw = 1, th = 1] = values.size.split('x').map(Number);
  const iw = img.naturalWidth;
  const ih = img.naturalHeight;
  stage.classList.toggle('pad', values.fit === 'pad');
  if (values.fit === 'pad') {
    stage.style.aspectRatio = `${tw} / ${th}`;
    Object.assign(frame.style, { left: '0', top: '0', width: '100%', height: '100%' });
    caption.textContent = text('framePad', values.size.replace('x', '×'));
    return;
  }
  stage.style.aspectRatio = `${iw} / ${ih}`;
  const scale = Math.max(tw / iw, th / ih);
  const keptW = tw / scale / iw;
  const keptH = th / scale / ih;
  Object.assign(frame.style, {
    left: `${((1 - keptW) / 2) * 100}%`,
    top: `${((1 - keptH) / 2) * 100}%`,
    width: `${keptW * 100}%`,
    height: `${keptH * 100}%`,
  });
  caption.textContent = text('frameCrop', values.size.replace('x', '×'));
}

function currentPromptProblem(): string | undefined {
  const provider = currentProvider();
  const model = currentModel();
  if (!values || !provider || !model) return undefined;
  const problem = promptProblem(values, provider, model, {
    promptNeeded: text('promptNeeded'),
    promptTooLong: text('promptTooLong'),
  });
  // The empty-prompt notice waits for a first try; a too-long prompt (typing, or a switch to a stricter model) shows at once.
  if (problem && !triedToSubmit && values.prompt.length <= model.maxPromptLength) return undefined;
  return problem;
}

function showPromptProblem(problem: string | undefined): void {
  const prompt = byId<HTMLTextAreaElement>('prompt');
  byId('prompt-error').textContent = problem ?? '';
  byId('prompt-count').classList.toggle(
    'over',
    (values?.prompt.length ?? 0) > (currentModel()?.maxPromptLength ?? Infinity),
  );
  if (problem) prompt.setAttribute('aria-invalid', 'true');
  else prompt.removeAttribute('aria-invalid');
}

/** Where the job would go, before anything is sent: the address from the settings, this computer, or what is missing. */
function showEndpoint(provider: ProviderView): void {
  const line = byId('endpoint');
  line.classList.toggle('error', provider.endpointProblem !== undefined);
  const sends = provider.needsKey
    ? text('sendsTo', provider.endpoint ?? '')
    : text('sendsToNoKey', provider.endpoint ?? '');
  line.textContent = provider.endpointProblem ?? (provider.endpoint ? sends : text('runsHere'));
}

function showError(message: string): void {
  const error = document.getElementById('error');
  if (error) error.textContent = message;
}

function setBusy(busy: boolean): void {
  const animate = document.getElementById('animate') as HTMLButtonElement | null;
  if (!animate || !init) return;
  animate.disabled = busy;
  const count = init.images.length;
  animate.textContent = busy ? text('starting') : count > 1 ? text('animateMany', count) : text('animate');
}

// ── messages from the host ───────────────────────────────────────────────────
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) {
    console.warn('Animate Image: ignored a message that does not match the protocol');
    return;
  }
  switch (message.type) {
    case 'init':
      return build(message);
    case 'error':
      return showError(message.message);
    case 'busy':
      return setBusy(message.busy);
    case 'keyStatus':
      providers = providers.map((p) => (p.id === message.provider ? { ...p, hasKey: message.hasKey } : p));
      return refresh();
  }
});

send({ type: 'ready' });
