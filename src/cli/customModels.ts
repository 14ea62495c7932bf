/**
 * Models the catalog does not know, for the CLI: a JSON file (an array of `customModelSchema` entries, the same shape
 * as the extension's `animateImage.customModels` setting) named by `--custom-models` or `ANIMATE_IMAGE_CUSTOM_MODELS`.
 */
import * as l10n from '@vscode/l10n';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { AnimateError, errorMessage } from '../core/errors';
import { customModelSchema, type CustomModel } from '../core/providers/catalog';

export const CUSTOM_MODELS_ENV = 'ANIMATE_IMAGE_CUSTOM_MODELS';

/** The custom models of the file the flag (else the environment) names; none when neither does. */
export function loadCustomModels(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): CustomModel[] {
  const file = flag ?? (env[CUSTOM_MODELS_ENV] || undefined);
  if (file === undefined) return [];
  const what = flag !== undefined ? `--custom-models ${file}` : `${CUSTOM_MODELS_ENV}=${file}`;
  let text: string;
  try {
    text = readFileSync(isAbsolute(file) ? file : join(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AnimateError(
      'bad-input',
      code === 'ENOENT'
        ? l10n.t('{0}: no such file.', what)
        : l10n.t('{0}: cannot read it ({1}).', what, code ?? String(error)),
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AnimateError('bad-input', l10n.t('{0}: not valid JSON ({1}).', what, errorMessage(error)));
  }
  return parseEntries(value, what);
}

/** The entries, or a bad-input error naming the first wrong one by its position and id. */
function parseEntries(value: unknown, what: string): CustomModel[] {
  const parsed = z
    .array(customModelSchema, {
      error: l10n.t('expected an array of models ([{"provider": …, "id": …, "sizes": […], "seconds": […]}])'),
    })
    .safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const [index, ...field] = issue?.path ?? [];
  if (typeof index !== 'number')
    throw new AnimateError('bad-input', `${what}: ${issue?.message ?? l10n.t('invalid')}.`);
  const entry: unknown = Array.isArray(value) ? value[index] : undefined;
  const id =
    typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string'
      ? ` ("${(entry as { id: string }).id}")`
      : '';
  const where = field.length > 0 ? `${field.map(String).join('.')}: ` : '';
  throw new AnimateError(
    'bad-input',
    l10n.t('{0}: entry {1}{2}: {3}{4}.', what, index + 1, id, where, issue?.message ?? l10n.t('invalid')),
  );
}
