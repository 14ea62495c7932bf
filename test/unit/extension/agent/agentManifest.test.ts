// The tools' JSON schemas in package.json are generated from the zod schemas that parse their input; the MCP server
// definition runs the bundled CLI; the VS Code APIs are found only where they exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mcpApi, toolApi } from '../../../../src/extension/agent/lmApi';
import { mcpLaunch, mcpProviderId } from '../../../../src/extension/agent/mcpDefinition';
import { animateToolInput, parseToolInput, toolJsonSchema } from '../../../../src/extension/agent/toolInput';
import { toolNames, type ToolName } from '../../../../src/extension/agent/toolNames';

const root = join(__dirname, '../../../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const tools: Array<{ name: ToolName; inputSchema: unknown; displayName: string; modelDescription: string }> =
  manifest.contributes.languageModelTools;

describe('language-model tools in package.json', () => {
  it('declare exactly the tools the extension registers', () => {
    assert.deepEqual(tools.map((t) => t.name).sort(), Object.values(toolNames).sort());
  });

  for (const name of Object.values(toolNames)) {
    it(`${name}: the input schema is the one generated from its zod schema`, () => {
      const declared = tools.find((t) => t.name === name);
      assert.deepEqual(
        declared?.inputSchema,
        toolJsonSchema(name),
        `regenerate package.json's inputSchema for ${name}:\n${JSON.stringify(toolJsonSchema(name), null, 2)}`,
      );
      assert.ok(declared?.modelDescription.length, 'the model is told what the tool does');
      assert.ok(nls[declared?.displayName.replace(/%/g, '') ?? ''], 'the display name is translated');
    });
  }

  it('parse what the schema allows and refuse what it does not, naming the field', () => {
    assert.deepEqual(parseToolInput(animateToolInput, { images: ['a.png'], provider: 'local', seconds: 4 }), {
      ok: true,
      value: { images: ['a.png'], provider: 'local', seconds: 4 },
    });
    assert.deepEqual(parseToolInput(animateToolInput, { images: ['a.png'], provider: 'sora' }).ok, false);
    const extra = parseToolInput(animateToolInput, { images: ['a.png'], budget: 100 });
    assert.equal(extra.ok, false);
    const seconds = parseToolInput(animateToolInput, { images: ['a.png'], seconds: 2.5 });
    assert.match(seconds.ok ? '' : seconds.message, /^seconds: /);
  });
});

describe('MCP server definition', () => {
  it('is contributed under the id the extension registers', () => {
    assert.deepEqual(
      manifest.contributes.mcpServerDefinitionProviders.map((p: { id: string }) => p.id),
      [mcpProviderId],
    );
  });

  it('runs the bundled CLI’s mcp command with the extension host’s Node, free providers only', () => {
    const launch = mcpLaunch('Animate Image', '/ext', '/usr/bin/code-node', '1.2.3');
    assert.equal(launch.command, '/usr/bin/code-node');
    assert.deepEqual(launch.args, [join('/ext', 'dist', 'cli.js'), 'mcp', '--budget-usd', '0']);
    assert.deepEqual(launch.env, { ELECTRON_RUN_AS_NODE: '1' });
    assert.equal(launch.version, '1.2.3');
    const shipped = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(shipped.includes('!dist/cli.js'), 'dist/cli.js ships in the VSIX');
  });
});

describe('VS Code API detection', () => {
  it('finds nothing in a VS Code without the APIs (1.90–1.94: no tools; before 1.101: no MCP definitions)', () => {
    const old = { lm: { selectChatModels() {} } } as unknown as typeof import('vscode');
    assert.equal(toolApi(old), undefined);
    assert.equal(mcpApi(old), undefined);
  });

  it('uses the APIs where they exist, called on their namespace', () => {
    const calls: string[] = [];
    class Part {
      constructor(readonly value: string) {}
    }
    class Result {
      constructor(readonly content: unknown[]) {}
    }
    class Definition {
      constructor(readonly label: string) {}
    }
    const lm = {
      registerTool(this: unknown, name: string) {
        assert.equal(this, lm);
        calls.push(`tool ${name}`);
        return { dispose() {} };
      },
      registerMcpServerDefinitionProvider(this: unknown, id: string) {
        assert.equal(this, lm);
        calls.push(`mcp ${id}`);
        return { dispose() {} };
      },
    };
    const api = {
      lm,
      LanguageModelTextPart: Part,
      LanguageModelToolResult: Result,
      McpStdioServerDefinition: Definition,
    } as unknown as typeof import('vscode');
    toolApi(api)?.registerTool('animate_image', { invoke: () => undefined });
    mcpApi(api)?.registerMcpServerDefinitionProvider(mcpProviderId, { provideMcpServerDefinitions: () => [] });
    assert.deepEqual(calls, ['tool animate_image', `mcp ${mcpProviderId}`]);
  });
});
