// How a chip or a snippet joins the prompt text before the caret. Pure (no vscode, no DOM): bundled into the
// webview and unit-tested.

/** What goes between the text before the caret and the inserted phrase. */
export function insertGlue(before: string, insert: string): string {
  if (before.trim() === '') return '';
  // A multi-line template starts on a line of its own.
  if (insert.includes('\n')) return before.endsWith('\n') ? '' : '\n';
  // Chinese text: a Chinese comma, none after Chinese punctuation.
  if (/[，。；、：！？]$/.test(before)) return '';
  if (/[\u3400-\u9fff]$/.test(before)) return '，';
  if (/[\s,;.]$/.test(before)) return before.endsWith(' ') || before.endsWith('\n') ? '' : ' ';
  return ', ';
}
