// Fails the build when the VSIX ships something it must not: sources, tests, source maps, or anything that
// looks like a key (real-looking key formats and the fake keys our tests use); when it lacks a file the engine loads
// on first use; or when the entry bundle, loaded at every VS Code start, is over 300 KB or embeds a base64 blob.
import yauzl from 'yauzl';

const vsix = process.argv[2] ?? 'animate-image.vsix';
const allowed = [
  /^extension\/dist\//,
  /^extension\/media\/(icon\.png|sample\.jpg|walkthrough\/)/,
  /^extension\/l10n\//,
  /^extension\/(package\.json|package\.nls(\.[\w-]+)?\.json|README\.md|CHANGELOG\.md|LICENSE(\.txt)?)$/i,
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
];
const forbidden = [/\.map$/, /\.ts$/, /(^|\/)test\//, /\.env/];
// The entry requires the engine; the engine reads the webview and every WebAssembly module from these files and
// starts the JPEG helper thread from one; the MCP server definition runs the CLI.
const required = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/engine.js',
  'extension/dist/cli.js',
  'extension/dist/jpegHelper.js',
  'extension/dist/webview/main.js',
  'extension/dist/webview/form.css',
  'extension/dist/wasm/h264-mp4-encoder.wasm',
  'extension/dist/wasm/mozjpeg_dec.wasm',
  'extension/dist/wasm/mozjpeg_enc.wasm',
  'extension/dist/wasm/squoosh_png_bg.wasm',
  'extension/dist/wasm/webp_dec.wasm',
  'extension/dist/wasm/webp_enc_simd.wasm',
  'extension/media/sample.jpg',
];
const entryBundle = { name: 'extension/dist/extension.js', maxBytes: 300 * 1024, maxBase64Run: 50 * 1024 };
const secretPatterns = [
  /\bsk-[A-Za-z0-9_-]{20,}/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bAIza[0-9A-Za-z_-]{35}\b/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /(test|fake|bench)-key[\w-]*/i,
];

const problems = [];
const found = new Set();
const zip = await new Promise((resolve, reject) =>
  yauzl.open(vsix, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))),
);
await new Promise((resolve, reject) => {
  zip.on('error', reject);
  zip.on('end', resolve);
  zip.on('entry', (entry) => {
    const name = entry.fileName;
    if (name.endsWith('/')) return zip.readEntry();
    found.add(name);
    if (!allowed.some((p) => p.test(name)) || forbidden.some((p) => p.test(name)))
      problems.push(`unexpected file: ${name}`);
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const text = Buffer.concat(chunks).toString('latin1');
        if (name === entryBundle.name) checkEntry(text);
        for (const pattern of secretPatterns) {
          const hit = pattern.exec(text);
          if (hit) problems.push(`${name}: looks like a secret (${pattern}): ${hit[0].slice(0, 8)}…`);
        }
        zip.readEntry();
      });
    });
  });
  zip.readEntry();
});

for (const name of required) if (!found.has(name)) problems.push(`missing file: ${name}`);

function checkEntry(text) {
  if (text.length > entryBundle.maxBytes)
    problems.push(`${entryBundle.name} is ${text.length} bytes (at most ${entryBundle.maxBytes})`);
  for (const run of text.matchAll(/[A-Za-z0-9+/]{1024,}/g))
    if (run[0].length > entryBundle.maxBase64Run)
      problems.push(`${entryBundle.name} embeds ${run[0].length} characters of base64`);
}

if (problems.length > 0) {
  console.error(`${vsix} is not fit to ship:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${vsix}: contents, entry bundle and secret scan OK`);
