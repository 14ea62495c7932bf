import * as vscode from 'vscode';
import type { Engine, EngineShell } from '../engine';

type EngineModule = typeof import('../engine');

/**
 * Loads the engine bundle (`dist/engine.js`: codecs, renderer and encoder, providers and their SDKs, schemas) on first
 * use, so that starting VS Code costs only the small entry bundle. Until then every command is a placeholder: the
 * first call loads the engine, which registers the real commands, and runs the real one with the same arguments
 * (inside the extension host they are passed as they are, `Uri`s included) and returns its result.
 */
export class EngineLoader implements vscode.Disposable {
  private engine: Engine | undefined;
  private readonly placeholders: vscode.Disposable[];
  private readonly loaded = new vscode.EventEmitter<Engine>();
  readonly onDidLoad = this.loaded.event;

  constructor(
    private readonly modulePath: string,
    private readonly shell: EngineShell,
    commandIds: readonly string[],
  ) {
    this.placeholders = commandIds.map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        this.load(`command ${id}`);
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  }

  /** The engine if it has loaded. */
  get current(): Engine | undefined {
    return this.engine;
  }

  /** `reason` (what needs it) goes into the log line with the time the load took. */
  load(reason: string): Engine {
    if (this.engine) return this.engine;
    const started = performance.now();
    // Synchronous from here to the engine's registrations: no command can arrive while neither the placeholders nor
    // the real commands are registered.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, required on first use
    const bundle = require(this.modulePath) as EngineModule;
    for (const placeholder of this.placeholders.splice(0)) placeholder.dispose();
    const engine = bundle.startEngine(this.shell);
    this.engine = engine;
    this.shell.log.info(`engine loaded in ${Math.round(performance.now() - started)} ms (${reason})`);
    this.loaded.fire(engine);
    return engine;
  }

  dispose(): void {
    for (const placeholder of this.placeholders.splice(0)) placeholder.dispose();
    this.loaded.dispose();
  }
}
