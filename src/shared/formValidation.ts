// What the form refuses before anything is sent, checked against the chosen provider and model and worded for the
// field it concerns. Pure (no vscode, no node:) so the webview bundles it and it is unit-tested in Node.
import type { FormValues, ModelView, ProviderView } from './protocol';
import { formatText } from './protocol';

/** Templates in the display language (webview strings `promptNeeded`, `promptTooLong`). */
export interface ValidationWords {
  /** `{0}` the provider. */
  readonly promptNeeded: string;
  /** `{0}` the model, `{1}` the prompt's length, `{2}` the model's limit. */
  readonly promptTooLong: string;
}

/** Providers whose API refuses an empty prompt (the local camera move and others take a prompt-free image). */
const promptRequired = new Set(['openai-videos', 'azure-openai']);

export function needsPrompt(providerId: string): boolean {
  return promptRequired.has(providerId);
}

/** Why the prompt cannot go to this provider and model, or undefined when it can. */
export function promptProblem(
  values: Pick<FormValues, 'prompt'>,
  provider: ProviderView,
  model: ModelView,
  words: ValidationWords,
): string | undefined {
  const length = values.prompt.length;
  if (provider.needsPrompt && values.prompt.trim() === '') return formatText(words.promptNeeded, provider.label);
  if (length > model.maxPromptLength)
    return formatText(words.promptTooLong, model.label, length, model.maxPromptLength);
  return undefined;
}
