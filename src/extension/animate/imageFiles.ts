// Which files the extension offers to animate. Pure (no vscode); the explorer menu's `when` clause in
// package.json uses the same pattern (a unit test reads it from there and compares).
import { extname } from 'node:path';

/** Matched against the extension including its dot, like the `resourceExtname` context key. */
export const imageExtnamePattern = /^\.(png|jpe?g|webp)$/i;

/** For open dialogs (some platforms compare filters case-sensitively, so both cases are listed). */
export const imageDialogExtensions = ['png', 'jpg', 'jpeg', 'webp', 'PNG', 'JPG', 'JPEG', 'WEBP'];

export function isImagePath(path: string): boolean {
  return imageExtnamePattern.test(extname(path));
}
