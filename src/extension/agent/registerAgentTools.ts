/**
 * Registers what agents can use: the language-model tools `animate_image`, `list_video_models` and
 * `check_video_provider` (VS Code 1.95+), and the MCP server definition (1.101+). On an older VS Code neither API
 * exists and nothing is registered; everything else works as before.
 */
import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import type { Log } from '../platform/log';
import type { AgentTools, Preparation, ToolAnswer } from './agentTools';
import { mcpApi, toolApi, type LanguageModelTool, type LanguageModelToolResult, type ToolApi } from './lmApi';
import { mcpLaunch, mcpProviderId } from './mcpDefinition';
import { toolNames } from './toolNames';

/**
 * Registered at activation (VS Code looks tools up as soon as a chat may call them); `agentTools` loads the engine,
 * which does the work, on the first call.
 */
export function registerAgentTools(
  context: vscode.ExtensionContext,
  log: Log,
  agentTools: () => AgentTools,
): vscode.Disposable {
  const disposables: vscode.Disposable[] = [];
  // A refusal by the workbench must not stop the rest of the extension from activating: it is logged instead.
  const attempt = (what: string, register: () => vscode.Disposable) => {
    try {
      disposables.push(register());
    } catch (error) {
      log.error(`could not register ${what}: ${errorMessage(error)}`);
    }
  };
  const tools = toolApi(vscode);
  if (tools) {
    const result = (answer: ToolAnswer) => toolResult(tools, answer);
    const register = (name: string, tool: LanguageModelTool<unknown>) =>
      attempt(`the tool ${name}`, () => tools.registerTool(name, tool));
    register(toolNames.animate, {
      prepareInvocation: ({ input }) => preparedInvocation(agentTools().prepareAnimate(input)),
      invoke: async ({ input }, token) => result(await agentTools().animate(input, token)),
    });
    register(toolNames.listModels, { invoke: async ({ input }) => result(await agentTools().listModels(input)) });
    register(toolNames.check, {
      prepareInvocation: () => ({ invocationMessage: vscode.l10n.t('Checking provider connection…') }),
      invoke: async ({ input }, token) => result(await agentTools().check(input, token)),
    });
  } else log.info('language-model tools not registered: this VS Code has no vscode.lm.registerTool (1.95+)');
  const mcp = mcpApi(vscode);
  if (mcp) {
    const { version } = context.extension.packageJSON as { version?: unknown };
    attempt('the MCP server definition', () =>
      mcp.registerMcpServerDefinitionProvider(mcpProviderId, {
        provideMcpServerDefinitions: () => {
          const launch = mcpLaunch(
            vscode.l10n.t('Animate Image (free providers only)'),
            context.extensionUri.fsPath,
            process.execPath,
            typeof version === 'string' ? version : '0',
          );
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

/** A refusal or a call where every job failed is thrown, as VS Code asks: the chat shows it failed, the model reads why. */
function toolResult(tools: ToolApi, answer: ToolAnswer): LanguageModelToolResult {
  if (answer.isError) throw new Error(answer.text);
  return new tools.LanguageModelToolResult([new tools.LanguageModelTextPart(answer.text)]);
}
