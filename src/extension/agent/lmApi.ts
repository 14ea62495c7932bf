/**
 * The parts of VS Code's language-model API the agent tools use, declared here because `engines.vscode` (and so
 * `@types/vscode`, which vsce requires to match) stays at 1.90: the tool API became stable in 1.95, the MCP server
 * definition API in 1.101. Each is looked up at run time; an older VS Code simply gets neither (the shapes below are
 * those of @types/vscode 1.95 and 1.101).
 */
import type * as vscode from 'vscode';

export interface LanguageModelTextPart {
  readonly value: string;
}

export interface LanguageModelToolResult {
  readonly content: readonly unknown[];
}

export interface PreparedToolInvocation {
  readonly invocationMessage?: string;
  readonly confirmationMessages?: { readonly title: string; readonly message: string | vscode.MarkdownString };
}

export interface LanguageModelTool<T> {
  invoke(
    options: { readonly input: T },
    token: vscode.CancellationToken,
  ): vscode.ProviderResult<LanguageModelToolResult>;
  prepareInvocation?(
    options: { readonly input: T },
    token: vscode.CancellationToken,
  ): vscode.ProviderResult<PreparedToolInvocation>;
}

export interface McpStdioServerDefinition {
  readonly label: string;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
  version?: string;
}

export interface McpServerDefinitionProvider {
  readonly onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): vscode.ProviderResult<McpStdioServerDefinition[]>;
}

/** VS Code 1.95+: `lm.registerTool` and the result classes. */
export interface ToolApi {
  registerTool<T>(name: string, tool: LanguageModelTool<T>): vscode.Disposable;
  readonly LanguageModelToolResult: new (content: LanguageModelTextPart[]) => LanguageModelToolResult;
  readonly LanguageModelTextPart: new (value: string) => LanguageModelTextPart;
}

/** VS Code 1.101+: `lm.registerMcpServerDefinitionProvider` and the stdio definition class. */
export interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpServerDefinitionProvider): vscode.Disposable;
  readonly McpStdioServerDefinition: new (
    label: string,
    command: string,
    args?: string[],
    env?: Record<string, string | number | null>,
    version?: string,
  ) => McpStdioServerDefinition;
}

type Loose = Record<string, unknown>;

export function toolApi(api: typeof vscode): ToolApi | undefined {
  const loose = api as unknown as Loose;
  const lm = loose['lm'] as Loose | undefined;
  const register = lm?.['registerTool'];
  const Result = loose['LanguageModelToolResult'];
  const Text = loose['LanguageModelTextPart'];
  if (typeof register !== 'function' || typeof Result !== 'function' || typeof Text !== 'function') return undefined;
  return {
    registerTool: (name, tool) => register.call(lm, name, tool) as vscode.Disposable,
    LanguageModelToolResult: Result as ToolApi['LanguageModelToolResult'],
    LanguageModelTextPart: Text as ToolApi['LanguageModelTextPart'],
  };
}

export function mcpApi(api: typeof vscode): McpApi | undefined {
  const loose = api as unknown as Loose;
  const lm = loose['lm'] as Loose | undefined;
  const register = lm?.['registerMcpServerDefinitionProvider'];
  const Definition = loose['McpStdioServerDefinition'];
  if (typeof register !== 'function' || typeof Definition !== 'function') return undefined;
  return {
    registerMcpServerDefinitionProvider: (id, provider) => register.call(lm, id, provider) as vscode.Disposable,
    McpStdioServerDefinition: Definition as McpApi['McpStdioServerDefinition'],
  };
}
