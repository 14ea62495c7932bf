/**
 * Where a provider may be named by its id. Adding a provider should touch its own file, the registry and the few
 * places listed below; any other file in src/ or media/ that spells a provider id ('runway', 'local', …) as a string
 * literal, an object key or a `case` fails here. Either read a capability from the catalog instead, or add the file
 * to `allowed` with the reason it must name that provider. Entries marked `capability` work today but could read a
 * catalog field instead (candidates for removal); the list fails when an entry no longer names its providers, so it
 * stays the true list of places.
 *
 * Scanned: TypeScript (string literals, literal types, property names), JSON string values and keys, and Markdown
 * code spans or bold words. Comments and longer strings that merely mention a provider are not places.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { providerIds } from '../../../src/core/providers/registry';

const root = join(__dirname, '..', '..', '..');
const scannedFolders = ['src', 'media'];

interface Allowed {
  /** The provider ids the file may name; 'any' for places that list providers as data. */
  readonly ids: 'any' | readonly string[];
  /** Why this file has to name the provider. */
  readonly why: string;
  /** Set when the id stands in for a capability: the catalog field that could replace it. */
  readonly capability?: string;
}

const allowed: Readonly<Record<string, Allowed>> = {
  // The registry and each provider's own file: the places a provider is defined.
  'src/core/providers/registry.ts': { ids: 'any', why: 'the one list of providers: id → catalog and factory' },
  'src/core/providers/local.ts': { ids: ['local'], why: "the provider's own file" },
  'src/core/providers/openaiVideos.ts': {
    ids: ['openai-videos', 'azure-openai'],
    why: 'one file serves both the OpenAI-compatible and the Azure v1 route of the same Videos API',
  },
  'src/core/providers/azureSoraJobs.ts': { ids: ['azure-sora-jobs'], why: "the provider's own file" },
  'src/core/providers/aog.ts': { ids: ['aog'], why: "the provider's own file" },
  'src/core/providers/dashscope.ts': { ids: ['dashscope'], why: "the provider's own file" },
  'src/core/providers/veo.ts': { ids: ['veo'], why: "the provider's own file" },
  'src/core/providers/runway.ts': { ids: ['runway'], why: "the provider's own file" },
  'src/core/providers/comfyui.ts': { ids: ['comfyui'], why: "the provider's own file" },
  'src/core/providers/kling.ts': { ids: ['kling'], why: "the provider's own file" },
  'src/core/providers/minimax.ts': { ids: ['minimax'], why: "the provider's own file" },
  'src/core/providers/ark.ts': { ids: ['ark'], why: "the provider's own file" },
  'src/core/providers/fal.ts': { ids: ['fal'], why: "the provider's own file" },
  'src/core/providers/openrouter.ts': { ids: ['openrouter'], why: "the provider's own file" },

  // Data about providers that lives outside their files.
  'src/extension/keys/keySources.ts': {
    ids: 'any',
    why: 'the page where each key is made (test-enforced for every provider that needs a key) and Kling’s two-part key',
    capability: 'a `keyPage` and `keyParts` in each catalog would move this into the provider files',
  },
  'media/walkthrough/provider.md': { ids: 'any', why: 'the walkthrough page that introduces the providers' },
  'media/walkthrough/sample.md': { ids: ['local'], why: 'the sample is animated by the offline provider' },

  // Lists and switches that stand in for a capability.
  'src/core/providers/catalog.ts': {
    ids: 'any',
    why: '`customModelProviders`: the providers that accept a model id the catalog does not know',
    capability: 'a `customModels: true` flag in each catalog',
  },
  'src/extension/settings/settingsSchema.ts': {
    ids: 'any',
    why: '`baseUrlProviders` (the keys of `animateImage.baseUrls`) and `local` as the default provider',
    capability: 'a `baseUrlSetting` flag in each catalog; `defaultProviderId` from the registry',
  },
  'src/extension/providers/providerConnection.ts': {
    ids: ['local', 'openai-videos', 'azure-openai', 'azure-sora-jobs'],
    why: 'reads the settings that predate `animateImage.baseUrls` (openaiVideos.baseUrl, azureOpenai.endpoint, localEncoder)',
    capability: 'a catalog field naming the setting and the URL shape (Azure v1 route) the provider reads',
  },
  'src/extension/settings/endpointSettings.ts': {
    ids: ['comfyui'],
    why: 'passes `animateImage.comfyui.workflow` to ComfyUI',
    capability: 'a catalog field naming the provider options read from settings',
  },
  'src/extension/animate/betweenChoices.ts': {
    ids: ['azure-openai', 'azure-sora-jobs'],
    why: 'keeps an Azure deployment name that is not in the model list',
    capability: '`info.deploymentNames`, which the catalog already sets for these two',
  },
  'src/extension/animate/animateSample.ts': {
    ids: ['local'],
    why: 'the walkthrough sample must be animated offline and for free',
    capability: '`defaultProviderId` from the registry',
  },
  'src/shared/formValidation.ts': {
    ids: ['openai-videos', 'azure-openai'],
    why: 'the providers whose API refuses an empty prompt',
    capability: 'a `promptRequired` flag in the catalog (the webview already receives the catalog)',
  },
  'src/core/request.ts': {
    ids: ['local'],
    why: 'the request schema’s default provider',
    capability: '`defaultProviderId` from the registry',
  },
  'src/cli/environment.ts': {
    ids: ['local', 'openai-videos', 'azure-openai', 'azure-sora-jobs', 'kling', 'comfyui'],
    why: 'the Azure script’s variables (AZURE_OPENAI_*), Kling’s two keys, option variables, and base URL variables that are not `<ID>_BASE_URL`',
    capability:
      'catalog fields for the base URL variable, the model variable (`deploymentNames`), option variables and key parts',
  },
  'src/cli/dryRun.ts': {
    ids: ['local'],
    why: 'says the offline provider sends nothing anywhere',
    capability: 'an `offline` flag in the catalog (no key, no base URL)',
  },
  'src/cli/main.ts': {
    ids: ['local'],
    why: '--motion, --fps and --loop apply only to the camera-move renderer',
    capability: 'a catalog flag saying the provider takes camera moves',
  },
};

interface IdPlace {
  readonly line: number;
  readonly id: string;
}

/** A property name, enum member or `case` label, spelled as an identifier (`runway: …`), that names a provider. */
function isNameIdentifier(node: ts.Node): node is ts.Identifier {
  const parent = node.parent as ts.Node | undefined;
  if (!ts.isIdentifier(node) || parent === undefined) return false;
  return (
    ((ts.isPropertyAssignment(parent) ||
      ts.isPropertySignature(parent) ||
      ts.isPropertyDeclaration(parent) ||
      ts.isEnumMember(parent)) &&
      parent.name === node) ||
    ts.isShorthandPropertyAssignment(parent)
  );
}

function idsInTypeScript(fileName: string, text: string, ids: ReadonlySet<string>): IdPlace[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: IdPlace[] = [];
  const visit = (node: ts.Node): void => {
    const name = ts.isStringLiteralLike(node) || isNameIdentifier(node) ? node.text : undefined;
    if (name !== undefined && ids.has(name)) {
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, id: name });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function idsInJson(text: string, ids: ReadonlySet<string>): IdPlace[] {
  const found: IdPlace[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (ids.has(value)) found.push({ line: 0, id: value });
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (ids.has(key)) found.push({ line: 0, id: key });
        visit(inner);
      }
    }
  };
  visit(JSON.parse(text));
  return found;
}

/** In prose, only a code span or a bold word is an id ("the local provider" is English). */
function idsInMarkdown(text: string, ids: ReadonlySet<string>): IdPlace[] {
  const found: IdPlace[] = [];
  text.split('\n').forEach((lineText, index) => {
    for (const match of lineText.matchAll(/`([^`\s]+)`|\*\*([^*\s]+)\*\*/g)) {
      const word = match[1] ?? match[2] ?? '';
      if (ids.has(word)) found.push({ line: index + 1, id: word });
    }
  });
  return found;
}

const scanned = new Map<string, IdPlace[]>();

function scan(path: string, ids: ReadonlySet<string>): IdPlace[] {
  const known = scanned.get(path);
  if (known) return known;
  const places = scanText(path, ids);
  scanned.set(path, places);
  return places;
}

function scanText(path: string, ids: ReadonlySet<string>): IdPlace[] {
  const text = readFileSync(path, 'utf8');
  switch (extname(path)) {
    case '.ts':
      return idsInTypeScript(path, text, ids);
    case '.json':
      return idsInJson(text, ids);
    case '.md':
      return idsInMarkdown(text, ids);
    default:
      return []; // CSS and images: no provider is named there
  }
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

const posix = (path: string): string => relative(root, path).split(sep).join('/');

describe('places that name a provider by its id', () => {
  const ids = new Set<string>(providerIds);

  it('finds ids as literals, literal types, keys and case labels, not in comments or longer text', () => {
    const text = [
      "// 'runway' in a comment",
      "const a = 'runway';",
      'type T = "kling" | "other";',
      'const m = { fal: 1, "ark": 2, other: 3 };',
      "switch (x) { case 'veo': break; }",
      'const s = `the local provider`;',
      'const t = `minimax`;',
      'interface I { comfyui?: string }',
    ].join('\n');
    assert.deepEqual(idsInTypeScript('x.ts', text, ids), [
      { line: 2, id: 'runway' },
      { line: 3, id: 'kling' },
      { line: 4, id: 'fal' },
      { line: 4, id: 'ark' },
      { line: 5, id: 'veo' },
      { line: 7, id: 'minimax' },
      { line: 8, id: 'comfyui' },
    ]);
    assert.deepEqual(
      idsInJson('{"a": ["runway", "x"], "fal": {"b": "the local one"}}', ids).map((p) => p.id),
      ['runway', 'fal'],
    );
    assert.deepEqual(idsInMarkdown('The local provider; **veo** and `dashscope`, not `fal.ai`.', ids), [
      { line: 1, id: 'veo' },
      { line: 1, id: 'dashscope' },
    ]);
  });

  it('names a provider only in the files listed, each with its reason', () => {
    const problems: string[] = [];
    for (const folder of scannedFolders) {
      for (const path of filesUnder(join(root, folder))) {
        const file = posix(path);
        const entry = allowed[file];
        for (const place of scan(path, ids)) {
          if (entry && (entry.ids === 'any' || entry.ids.includes(place.id))) continue;
          problems.push(
            `${file}:${place.line} names '${place.id}'` +
              (entry ? ' (not among the ids listed for this file)' : ' (file not on the allow-list)'),
          );
        }
      }
    }
    assert.deepEqual(
      problems,
      [],
      'A provider id is spelled out where a capability from the catalog should be read instead ' +
        '(or add the file to `allowed` in test/unit/catalog/providerIdPlaces.test.ts, saying why it must name it):\n' +
        problems.join('\n'),
    );
  });

  it('lists only files that still name the providers they are listed for', () => {
    const stale: string[] = [];
    for (const [file, entry] of Object.entries(allowed)) {
      const path = join(root, file);
      if (!existsSync(path)) {
        stale.push(`${file}: no such file`);
        continue;
      }
      const named = new Set(scan(path, ids).map((place) => place.id));
      const notNamed =
        entry.ids === 'any' ? (named.size === 0 ? ['any provider'] : []) : entry.ids.filter((id) => !named.has(id));
      if (notNamed.length > 0) stale.push(`${file}: no longer names ${notNamed.join(', ')}`);
      assert.ok(entry.why.length > 0, `${file} needs a reason`);
    }
    assert.deepEqual(stale, [], `Remove or narrow these allow-list entries:\n${stale.join('\n')}`);
  });
});
