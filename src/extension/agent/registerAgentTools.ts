/**
 * Registers what agents can use: the language-model tools `animate_image`, `list_video_models` and
 * `check_video_provider` (VS Code 1.95+), and the MCP server definition (1.101+). On an older VS Code neither API
 * exists and nothing is registered; everything else works as before.
 */
import * as vscode from 'vscode';
import type { Services } from '../platform/services';
import { agentHost } from './agentHost';
import { AgentTools, type Preparation, type ToolAnswer } from './agentTools';
import { mcpApi, toolApi, type LanguageModelToolResult, type ToolApi } from './lmApi';
import { mcpLaunch, mcpProviderId } from './mcpDefinition';
import { toolNames } from './toolInput';

export function registerAgentTools(services: Services, context: vscode.ExtensionContext): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  const tools = toolApi(vscode);
  if (tools) {
    const agent = new AgentTools(agentHost(services));
    const result = (answer: ToolAnswer) => toolResult(tools, answer);
    disposables.push(
      tools.registerTool<unknown>(toolNames.animate, {
        prepareInvocation: ({ input }) => preparedInvocation(agent.prepareAnimate(input)),
        invoke: async ({ input }, token) => result(await agent.animate(input, token)),
      }),
      tools.registerTool<unknown>(toolNames.listModels, {
        invoke: async ({ input }) => result(await agent.listModels(input)),
      }),
      tools.registerTool<unknown>(toolNames.check, {
        prepareInvocation: () => ({ invocationMessage: vscode.l10n.t('Checking provider connection…') }),
        invoke: async ({ input }, token) => result(await agent.check(input, token)),
      }),
    );
  } else services.log.info('language-model tools not registered: this VS Code has no vscode.lm.registerTool (1.95+)');
  const mcp = mcpApi(vscode);
  if (mcp) {
    const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0');
    disposables.push(
      mcp.registerMcpServerDefinitionProvider(mcpProviderId, {
        provideMcpServerDefinitions: () => {
          const launch = mcpLaunch(context.extensionUri.fsPath, process.execPath, version);
          return [
            new mcp.McpStdioServerDefinition(launch.label, launch.command, launch.args, launch.env, launch.version),
          ];
        },
      }),
    );
  }
  return vscode.Disposable.from(...disposables);
}

function preparedInvocation(preparation: Preparation) {
  return {
    invocationMessage: preparation.invocationMessage,
    ...(preparation.confirmation ? { confirmationMessages: preparation.confirmation } : {}),
  };
}

/** An error is still a result: the model reads why (over budget, no key) and can tell the user or pick another provider. */
function toolResult(tools: ToolApi, answer: ToolAnswer): LanguageModelToolResult {
  return new tools.LanguageModelToolResult([new tools.LanguageModelTextPart(answer.text)]);
}
