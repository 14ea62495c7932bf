/** Images sent inline: base64, or a `data:` URI of their own type. */

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

export function dataUri(image: { readonly bytes: Uint8Array; readonly mime: string }): string {
  return `data:${image.mime};base64,${base64(image.bytes)}`;
}
