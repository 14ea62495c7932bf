/**
 * ComfyUI workflows in API format (`{"<node id>": {"class_type", "inputs", "_meta"?}}`, what ComfyUI's "Export (API)"
 * writes and `POST /prompt` takes): reading one, filling its placeholders, checking it against a server's
 * `/object_info`, and finding the video in a finished prompt's history entry. Pure functions; the provider
 * (comfyui.ts) does the HTTP. Contract: docs/providers.md#13-comfyui--comfyui-server-on-the-users-gpu-no-key.
 *
 * A placeholder is an input value written `{{name}}`. A value that is exactly one placeholder becomes the value itself
 * (a number for the numeric ones); inside a longer text it is replaced as text (e.g. `"cinematic, {{prompt}}"`).
 */
import * as l10n from '@vscode/l10n';
import { z } from 'zod';
import { AnimateError } from '../errors';

export const placeholderNames = [
  'image',
  'last_image',
  'prompt',
  'negative_prompt',
  'seed',
  'width',
  'height',
  'length',
  'fps',
] as const;
export type PlaceholderName = (typeof placeholderNames)[number];

const numericPlaceholders: ReadonlySet<PlaceholderName> = new Set(['seed', 'width', 'height', 'length', 'fps']);

/** A workflow without these would ignore the image, the prompt, the size or the duration the user asked for. */
export const requiredPlaceholders: readonly PlaceholderName[] = ['image', 'prompt', 'width', 'height', 'length'];

export type PlaceholderValues = Partial<Record<PlaceholderName, string | number>>;

const nodeSchema = z.looseObject({
  class_type: z.string().min(1),
  inputs: z.record(z.string(), z.unknown()),
  _meta: z.looseObject({ title: z.string().optional() }).optional(),
});
export type WorkflowNode = z.infer<typeof nodeSchema>;
export type ApiWorkflow = Readonly<Record<string, WorkflowNode>>;

const workflowSchema = z.record(z.string(), nodeSchema);

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([a-z_]+)\s*\}\}$/;

/** Parses an API-format workflow; `where` names it in messages (a file path, a template name). */
export function parseWorkflow(value: unknown, where: string): ApiWorkflow {
  if (typeof value === 'object' && value !== null && 'nodes' in value && 'links' in value) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        "{0} is a ComfyUI workflow in the editor's format, not the API format. In ComfyUI, use Workflow → Export (API) and point the option at that file.",
        where,
      ),
    );
  }
  const parsed = workflowSchema.safeParse(value);
  if (!parsed.success || Object.keys(parsed.data).length === 0) {
    const issue = parsed.success ? undefined : parsed.error.issues[0];
    throw new AnimateError(
      'bad-input',
      issue
        ? l10n.t(
            '{0} is not a ComfyUI API-format workflow ({1}: {2}). Export it with Workflow → Export (API).',
            where,
            issue.path.join('.') || l10n.t('top level'),
            issue.message,
          )
        : l10n.t(
            '{0} is not a ComfyUI API-format workflow (it has no nodes). Export it with Workflow → Export (API).',
            where,
          ),
    );
  }
  const unknown = [...placeholdersOf(parsed.data, true)].filter(
    (name) => !(placeholderNames as readonly string[]).includes(name),
  );
  if (unknown.length > 0) {
    throw new AnimateError(
      'bad-input',
      l10n.t(
        '{0} has unknown placeholder(s) {1}; the known ones are {2}.',
        where,
        unknown.map((n) => `{{${n}}}`).join(', '),
        placeholderNames.map((n) => `{{${n}}}`).join(', '),
      ),
    );
  }
  return parsed.data;
}

function placeholdersOf(workflow: ApiWorkflow, includeUnknown: boolean): Set<string> {
  const found = new Set<string>();
  for (const node of Object.values(workflow)) {
    for (const value of Object.values(node.inputs)) {
      if (typeof value !== 'string') continue;
      for (const match of value.matchAll(PLACEHOLDER)) {
        const name = match[1] ?? '';
        if (includeUnknown || (placeholderNames as readonly string[]).includes(name)) found.add(name);
      }
    }
  }
  return found;
}

/** The placeholders a (parsed) workflow uses. */
export function placeholdersIn(workflow: ApiWorkflow): Set<PlaceholderName> {
  return placeholdersOf(workflow, false) as Set<PlaceholderName>;
}

/** Refuses a workflow that would silently ignore part of the request (no `{{image}}`, no size …). */
export function requirePlaceholders(workflow: ApiWorkflow, where: string): void {
  const present = placeholdersIn(workflow);
  const missing = requiredPlaceholders.filter((name) => !present.has(name));
  if (missing.length > 0) {
    const names = missing.map((n) => `{{${n}}}`).join(', ');
    const example = 'LoadImage "image": "{{image}}"';
    throw new AnimateError(
      'bad-input',
      missing.length > 1
        ? l10n.t(
            '{0} has no {1} placeholders; without them the request would be ignored. Put the placeholder as the value of the matching node input (e.g. {2}).',
            where,
            names,
            example,
          )
        : l10n.t(
            '{0} has no {1} placeholder; without it the request would be ignored. Put the placeholder as the value of the matching node input (e.g. {2}).',
            where,
            names,
            example,
          ),
    );
  }
}

/** A copy of `workflow` with every placeholder replaced; a placeholder without a value is an error (never sent as text). */
export function fillWorkflow(workflow: ApiWorkflow, values: PlaceholderValues): Record<string, WorkflowNode> {
  const missing = new Set<string>();
  const fill = (text: string): unknown => {
    const whole = WHOLE_PLACEHOLDER.exec(text);
    if (whole) {
      const name = whole[1] as PlaceholderName;
      const value = values[name];
      if (value === undefined) {
        missing.add(name);
        return text;
      }
      return numericPlaceholders.has(name) ? Number(value) : String(value);
    }
    return text.replace(PLACEHOLDER, (all, name: string) => {
      const value = values[name as PlaceholderName];
      if (value === undefined) {
        missing.add(name);
        return all;
      }
      return String(value);
    });
  };
  const filled: Record<string, WorkflowNode> = {};
  for (const [id, node] of Object.entries(workflow)) {
    const inputs: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(node.inputs))
      inputs[name] = typeof value === 'string' ? fill(value) : value;
    filled[id] = { ...node, inputs };
  }
  if (missing.size > 0)
    throw new AnimateError(
      'bad-input',
      l10n.t(
        'The workflow needs a value for {0}, which this request does not have.',
        [...missing].map((n) => `{{${n}}}`).join(', '),
      ),
    );
  return filled;
}

/** `/object_info`: per node class, its inputs (`required`/`optional`, each `[type or option list, config]`). */
export const objectInfoSchema = z.record(
  z.string(),
  z.looseObject({
    input: z
      .looseObject({
        required: z.record(z.string(), z.unknown()).optional(),
        optional: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
    output_node: z.boolean().optional(),
  }),
);
export type ObjectInfo = z.infer<typeof objectInfoSchema>;

/** Model folders under ComfyUI's `models/` by the loader input that names a file in them (for the hint only). */
const MODEL_FOLDERS: Readonly<Record<string, string>> = {
  unet_name: 'models/diffusion_models',
  clip_name: 'models/text_encoders',
  clip_name1: 'models/text_encoders',
  clip_name2: 'models/text_encoders',
  vae_name: 'models/vae',
  ckpt_name: 'models/checkpoints',
  lora_name: 'models/loras',
  model_name: 'models',
};

/**
 * The options of a combo input spec: the classic `[[…options], {…}]` or the newer `["COMBO", {"options": […]}]`;
 * undefined for any other input (numbers, text, links).
 */
function comboOptions(spec: unknown): readonly unknown[] | undefined {
  if (!Array.isArray(spec)) return undefined;
  const [type, config] = spec as [unknown, unknown];
  if (Array.isArray(type)) return type as unknown[];
  if (
    type === 'COMBO' &&
    typeof config === 'object' &&
    config !== null &&
    Array.isArray((config as { options?: unknown }).options)
  ) {
    return (config as { options: unknown[] }).options;
  }
  return undefined;
}

export interface MissingValue {
  readonly node: string;
  readonly classType: string;
  readonly input: string;
  readonly value: string;
  /** Where the file belongs when the input names a model file. */
  readonly folder?: string;
}

export interface WorkflowGaps {
  /** Node classes the server does not have (a custom node pack is not installed). */
  readonly missingNodes: readonly string[];
  /** Fixed combo values the server does not offer: model files not downloaded, mostly. Placeholders are not checked. */
  readonly missingValues: readonly MissingValue[];
}

/** What `workflow` needs that the server described by `info` lacks, before anything is queued. */
export function workflowGaps(workflow: ApiWorkflow, info: ObjectInfo): WorkflowGaps {
  const missingNodes = new Set<string>();
  const missingValues: MissingValue[] = [];
  for (const [id, node] of Object.entries(workflow)) {
    const spec = info[node.class_type];
    if (!spec) {
      missingNodes.add(node.class_type);
      continue;
    }
    const inputs = { ...spec.input?.optional, ...spec.input?.required };
    for (const [name, value] of Object.entries(node.inputs)) {
      if (typeof value !== 'string' || WHOLE_PLACEHOLDER.test(value)) continue;
      const options = comboOptions(inputs[name]);
      if (!options || options.includes(value)) continue;
      const folder = MODEL_FOLDERS[name];
      missingValues.push({ node: id, classType: node.class_type, input: name, value, ...(folder ? { folder } : {}) });
    }
  }
  return { missingNodes: [...missingNodes].sort(), missingValues };
}

/** One sentence per kind of gap, with what to do; empty when nothing is missing. */
export function describeGaps(gaps: WorkflowGaps): string {
  const parts: string[] = [];
  if (gaps.missingNodes.length > 0) {
    parts.push(
      l10n.t(
        'ComfyUI lacks the node type(s) {0}: update ComfyUI or install the custom nodes that provide them (e.g. with ComfyUI-Manager).',
        gaps.missingNodes.join(', '),
      ),
    );
  }
  const files = gaps.missingValues.filter((v) => v.folder);
  if (files.length > 0) {
    parts.push(
      l10n.t(
        'Missing model file(s): {0}.',
        files
          .map((v) =>
            l10n.t('{0} (put it in {1}; node {2} {3}.{4})', v.value, v.folder ?? '', v.node, v.classType, v.input),
          )
          .join(', '),
      ),
    );
  }
  const others = gaps.missingValues.filter((v) => !v.folder);
  if (others.length > 0) {
    parts.push(
      l10n.t(
        'Values this ComfyUI does not offer: {0}.',
        others.map((v) => l10n.t('"{0}" for node {1} {2}.{3}', v.value, v.node, v.classType, v.input)).join(', '),
      ),
    );
  }
  return parts.join(' ');
}

/** A file a node saved, as history lists it. */
export interface SavedFile {
  readonly node: string;
  readonly filename: string;
  readonly subfolder: string;
  readonly type: string;
}

/**
 * Every saved file in a history entry's `outputs`. Core `SaveVideo` lists its file under `images` (with
 * `animated: [true]`), VideoHelperSuite's `VHS_VideoCombine` under `gifs`: any list of `{filename, subfolder, type}`
 * counts, whatever its key.
 */
export function savedFiles(outputs: Readonly<Record<string, unknown>>): SavedFile[] {
  const files: SavedFile[] = [];
  for (const [node, output] of Object.entries(outputs)) {
    if (typeof output !== 'object' || output === null) continue;
    for (const list of Object.values(output)) {
      if (!Array.isArray(list)) continue;
      for (const item of list as unknown[]) {
        if (typeof item !== 'object' || item === null) continue;
        const { filename, subfolder, type } = item as Record<string, unknown>;
        if (typeof filename !== 'string' || !filename) continue;
        files.push({
          node,
          filename,
          subfolder: typeof subfolder === 'string' ? subfolder : '',
          type: typeof type === 'string' ? type : 'output',
        });
      }
    }
  }
  return files;
}

/** The MP4 among `files`: one in the output folder preferred over a temp preview. */
export function mp4Of(files: readonly SavedFile[]): SavedFile | undefined {
  const mp4s = files.filter((f) => /\.mp4$/i.test(f.filename));
  return mp4s.find((f) => f.type === 'output') ?? mp4s[0];
}
