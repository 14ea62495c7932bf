// Where a finished video was kept when saving it failed. Pure (no vscode), unit-tested.
/**
 * The temp path in the runner's "Could not save the video as <target> (…). It is kept at <path>." message,
 * or undefined when the message has none.
 */
export function keptPath(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const match = /\bkept at (.+)$/s.exec(message);
  const path = match?.[1]?.trim().replace(/\.$/, '').trim();
  return path ? path : undefined;
}
