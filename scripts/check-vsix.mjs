// Fails the build when the VSIX ships something it must not: sources, tests, source maps, or anything that looks
// like a key (real-looking key formats and the fake keys our tests use).
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
const secretPatterns = [
  /\bsk-[A-Za-z0-9_-]{20,}/,
  /\bAKIA[0-9A-Z]{16}\b/,
  /\bAIza[0-9A-Za-z_-]{35}\b/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /(test|fake|bench)-key[\w-]*/i,
];

const problems = [];
const zip = await new Promise((resolve, reject) =>
  yauzl.open(vsix, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))),
);
await new Promise((resolve, reject) => {
  zip.on('error', reject);
  zip.on('end', resolve);
  zip.on('entry', (entry) => {
    const name = entry.fileName;
    if (name.endsWith('/')) return zip.readEntry();
    if (!allowed.some((p) => p.test(name)) || forbidden.some((p) => p.test(name)))
      problems.push(`unexpected file: ${name}`);
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(error);
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const text = Buffer.concat(chunks).toString('latin1');
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

if (problems.length > 0) {
  console.error(`${vsix} must not ship:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`${vsix}: contents and secret scan OK`);
