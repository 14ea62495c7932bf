/**
 * The few `vscode` values the agent tools and the job controller touch at run time (EventEmitter, l10n.t), so their
 * real code runs in plain Node: `require('vscode')` resolves here (the vscode-python `Module._load` pattern).
 * Import this module before anything that imports `vscode`.
 */
import Module from 'node:module';

type Listener<T> = (value: T) => unknown;

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

/** `l10n.t` as VS Code does it with no bundle: the English text with `{0}`, `{1}` … filled in. */
function t(message: string, ...args: Array<string | number | boolean>): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

class Disposable {
  constructor(private readonly onDispose: () => void) {}
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

/**
 * Tests set the rest (`lm`, `workspace` …) before calling the code under test. Every key is declared here: a module's
 * `import * as vscode` sees only the keys that existed when it was first loaded (then their current values).
 */
export const vscodeStub: Record<string, unknown> & { l10n: { t: typeof t } } = {
  EventEmitter,
  Disposable,
  l10n: { t },
  lm: undefined,
  workspace: undefined,
  LanguageModelTextPart: undefined,
  LanguageModelToolResult: undefined,
  McpStdioServerDefinition: undefined,
};

const stubPath = `${__filename}#vscode`;
const loader = Module as unknown as {
  _resolveFilename(request: string, ...rest: unknown[]): string;
  _cache: Record<string, unknown>;
};
const resolve = loader._resolveFilename.bind(loader);
loader._resolveFilename = (request: string, ...rest: unknown[]) =>
  request === 'vscode' ? stubPath : resolve(request, ...rest);
const stubModule = new Module(stubPath);
stubModule.exports = vscodeStub;
stubModule.loaded = true;
loader._cache[stubPath] = stubModule;
