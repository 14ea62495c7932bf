/** Tests script a fake's outcome with a word in the prompt (e.g. `MODERATION_BLOCK`). */

/** Whether `prompt` contains `word`, ignoring case and the word's surrounding spaces; an empty word never matches. */
export function hasTriggerWord(prompt: string, word: string): boolean {
  const needle = word.trim().toLowerCase();
  return needle !== '' && prompt.toLowerCase().includes(needle);
}
