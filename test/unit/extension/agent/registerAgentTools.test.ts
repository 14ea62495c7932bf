// The registration as VS Code sees it: the tools and the MCP server definition registered on `vscode.lm` where the
// API exists, VS Code's invocation options turned into the handlers' calls, and a refusal thrown as VS Code asks.
import { vscodeStub } from './vscodeStub';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allProviderInfos, providerIds, providerInfo } from '../../../../src/core/providers/registry';
import type { LanguageModelTool } from '../../../../src/extension/agent/lmApi';
import { mcpProviderId } from '../../../../src/extension/agent/mcpDefinition';
import { agentHost } from '../../../../src/extension/agent/agentHost';
import { AgentTools } from '../../../../src/extension/agent/agentTools';
import { registerAgentTools } from '../../../../src/extension/agent/registerAgentTools';
import type { Log } from '../../../../src/extension/platform/log';
import type { Services } from '../../../../src/extension/platform/services';
import { defaultSettings } from '../../../../src/extension/settings/settingsSchema';

class TextPart {
  constructor(readonly value: string) {}
}
class ToolResult {
  constructor(readonly content: TextPart[]) {}
}
class StdioDefinition {
  constructor(
    readonly label: string,
    readonly command: string,
    readonly args: string[],
    readonly env: Record<string, string>,
    readonly version: string,
  ) {}
}

const quiet = { debug() {}, info() {}, warn() {}, error() {}, tagged: () => quiet };
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };

function register(withApis: boolean) {
  const tools = new Map<string, LanguageModelTool<unknown>>();
  const mcp = new Map<string, { provideMcpServerDefinitions(t: unknown): StdioDefinition[] }>();
  vscodeStub['lm'] = withApis
    ? {
        registerTool: (name: string, tool: LanguageModelTool<unknown>) => {
          tools.set(name, tool);
          return { dispose: () => tools.delete(name) };
        },
        registerMcpServerDefinitionProvider: (id: string, provider: never) => {
          mcp.set(id, provider);
          return { dispose: () => mcp.delete(id) };
        },
      }
    : {};
  Object.assign(vscodeStub, {
    LanguageModelTextPart: TextPart,
    LanguageModelToolResult: ToolResult,
    McpStdioServerDefinition: StdioDefinition,
    workspace: { workspaceFolders: [{ uri: { scheme: 'file', fsPath: '/w' } }] },
  });
  const services = {
    log: quiet,
    settings: { read: () => defaultSettings(providerIds) },
    providers: { info: (id: string) => providerInfo(id), infos: () => allProviderInfos() },
    keys: { has: (info: { needsKey: boolean }) => Promise.resolve(!info.needsKey) },
  } as unknown as Services;
  const context = {
    extension: { packageJSON: { version: '9.9.9' } },
    extensionUri: { fsPath: '/ext' },
  } as never;
  let loads = 0;
  const agentTools = new AgentTools(agentHost(services));
  const disposable = registerAgentTools(context, quiet as unknown as Log, () => {
    loads += 1;
    return agentTools;
  });
  return { tools, mcp, disposable, loads: () => loads };
}

describe('registering the agent tools', () => {
  it('registers the three tools and the MCP server definition, and removes them on dispose', async () => {
    const { tools, mcp, disposable, loads } = register(true);
    assert.deepEqual([...tools.keys()].sort(), ['animate_image', 'check_video_provider', 'list_video_models']);
    assert.equal(loads(), 0, 'registering the tools must not load the engine');
    const list = (await tools.get('list_video_models')?.invoke({ input: {} }, token as never)) as ToolResult;
    const listed = JSON.parse(list.content[0]?.value ?? '') as { providers: Array<{ id: string }> };
    assert.deepEqual(
      listed.providers.map((p) => p.id),
      ['local'],
    );
    const [definition] = mcp.get(mcpProviderId)?.provideMcpServerDefinitions(token) ?? [];
    assert.equal(definition?.command, process.execPath);
    assert.deepEqual(definition?.args, [join('/ext', 'dist', 'cli.js'), 'mcp', '--budget-usd', '0']);
    assert.equal(definition?.version, '9.9.9');
    disposable.dispose();
    assert.equal(tools.size + mcp.size, 0);
  });

  it('asks for no confirmation for the local provider and throws a refusal for the model to read', async () => {
    const { tools, disposable } = register(true);
    const animate = tools.get('animate_image');
    const prepared = (await animate?.prepareInvocation?.(
      { input: { images: ['cat.png'], provider: 'local' } },
      token as never,
    )) as { invocationMessage: string; confirmationMessages?: unknown };
    assert.deepEqual(prepared, { invocationMessage: 'Animating cat.png…' });
    await assert.rejects(
      Promise.resolve(
        animate?.invoke({ input: { images: ['/elsewhere/cat.png'], provider: 'local' } }, token as never),
      ),
      /is not inside the workspace/,
    );
    disposable.dispose();
  });

  it('registers nothing where VS Code has neither API (before 1.95)', () => {
    const { tools, mcp } = register(false);
    assert.equal(tools.size + mcp.size, 0);
  });
});
