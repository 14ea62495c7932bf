// A display-language pack with no translations of its own, generated at test time. code-server's `--locale` only
// switches the display language to a locale an installed language pack provides; with this pack, extensions see
// `vscode.env.language` = the locale and load their own package.nls.<locale>.json and l10n bundles, while the
// workbench's own texts stay English. (Real language packs come from the Marketplace, which CI cannot reach.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installVsix, type Profile } from './codeServer';
import { packageVsix } from '../smoke/smokeExtension';

const publisher = 'e2e-harness';
const version = '0.0.1';

/** Builds the pack, installs it into `profile` and registers it the way VS Code's language-pack service does. */
export async function installLanguagePack(locale: string, profile: Profile, scratch: string): Promise<string> {
  const name = `e2e-language-pack-${locale}`;
  const source = join(scratch, name);
  mkdirSync(join(source, 'translations'), { recursive: true });
  const manifest = {
    name,
    displayName: `E2E display language ${locale}`,
    description: `Switches the display language to ${locale} for tests; translates nothing itself.`,
    publisher,
    version,
    license: 'MIT',
    engines: { vscode: '^1.90.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        {
          languageId: locale,
          languageName: locale,
          localizedLanguageName: locale,
          translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
        },
      ],
    },
  };
  writeFileSync(join(source, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    join(source, 'translations', 'main.i18n.json'),
    `${JSON.stringify({ version: '1.0.0', contents: {} })}\n`,
  );
  writeFileSync(join(source, 'README.md'), `${manifest.description}\n`);
  const id = `${publisher}.${name}`;
  await installVsix(packageVsix(source, join(scratch, `${name}.vsix`)), profile.extensionsDir, {
    userDataDir: profile.userDataDir,
  });
  // Desktop VS Code writes this index when a pack is installed; code-server's CLI install does not, and the server
  // reads only the index when it resolves `--locale`.
  const translations = join(profile.extensionsDir, `${id}-${version}`, 'translations', 'main.i18n.json');
  const index = {
    [locale]: {
      hash: `${id}-${version}`,
      extensions: [{ extensionIdentifier: { id }, version }],
      translations: { vscode: translations },
      label: locale,
    },
  };
  writeFileSync(join(profile.userDataDir, 'languagepacks.json'), `${JSON.stringify(index, null, 2)}\n`);
  return id;
}
