// The MCP server VS Code's agent mode finds through the extension (VS Code 1.101+): the bundled CLI's `mcp` command,
// run by the extension host's own Node. Pure (no vscode), unit-tested.
import { join } from 'node:path';

export const mcpProviderId = 'animateImage.mcpServer';

export interface McpLaunch {
  readonly label: string;
  readonly command: string;
  readonly args: string[];
  readonly env: Record<string, string>;
  readonly version: string;
}

/**
 * `node dist/cli.js mcp --budget-usd 0`: free providers only (local, ComfyUI). Paid jobs from an agent in VS Code go
 * through the extension's own `animate_image` tool, which shows the cost for confirmation and spends from the one
 * `animateImage.agentBudgetUsd` budget; a separate process could not share that budget, so it gets none. No key is
 * handed over: keys stay in the extension host's secret storage.
 */
export function mcpLaunch(label: string, extensionPath: string, execPath: string, version: string): McpLaunch {
  return {
    label,
    command: execPath,
    args: [join(extensionPath, 'dist', 'cli.js'), 'mcp', '--budget-usd', '0'],
    // In desktop VS Code the extension host's executable is Electron: this makes it run the script as Node.
    env: { ELECTRON_RUN_AS_NODE: '1' },
    version,
  };
}
