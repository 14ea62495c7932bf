// A stand-in for the `vscode` module, enough for the built extension (dist/extension.js, and dist/engine.js once a
// command runs) to activate in plain Node: the entry-bundle test and the activation benchmark use it. Namespaces are
// strict: reading a member the stub does not have throws, so a new API call shows up here instead of as `undefined`.
import Module from 'node:module';
import { join, posix } from 'node:path';

type Listener<T> = (event: T) => unknown;

class Disposable {
  constructor(private readonly onDispose: () => unknown = () => undefined) {}
  static from(...items: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, posix.join(base.path, ...parts));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

class FileSystemError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

class Memento {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  keys(): string[] {
    return [...this.values.keys()];
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

/** Throws on a member the object does not define. */
function strict<T extends object>(name: string, target: T): T {
  return new Proxy(target, {
    get(object, key, receiver) {
      // `then` (awaiting) and `__esModule` (esbuild's interop) are asked of any module or object.
      if (typeof key === 'symbol' || key in object || key === 'then' || key === '__esModule')
        return Reflect.get(object, key, receiver);
      throw new Error(`the vscode stub has no ${name}.${key}`);
    },
  });
}

export interface VscodeStub {
  /** What `require('vscode')` returns while installed. */
  readonly api: object;
  /** Registered commands by id; `executeCommand` runs these, and records every other id in `executed`. */
  readonly commands: Map<string, (...args: unknown[]) => unknown>;
  readonly executed: Array<{ id: string; args: unknown[] }>;
  /** Lines written to output channels, and the channels' `show()` calls. */
  readonly logLines: string[];
  readonly shownChannels: string[];
  readonly messages: string[];
  /** The data provider of each tree view created, by view id. */
  readonly treeData: Map<string, TreeDataStub>;
  /** An ExtensionContext for an extension installed at `extensionRoot`, storing under `storage`. */
  context(extensionRoot: string, storage: string): ExtensionContextStub;
}

export interface ExtensionContextStub {
  readonly subscriptions: Array<{ dispose(): unknown }>;
  readonly extensionUri: Uri;
  readonly globalStorageUri: Uri;
  readonly workspaceState: Memento;
  readonly globalState: Memento;
  readonly secrets: object;
}

export interface TreeDataStub {
  getChildren(element?: unknown): unknown;
  getTreeItem(element: unknown): unknown;
  onDidChangeTreeData?: (listener: () => unknown) => { dispose(): unknown };
}

export function createVscodeStub(options: { workspaceFolders?: readonly string[] } = {}): VscodeStub {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const executed: Array<{ id: string; args: unknown[] }> = [];
  const logLines: string[] = [];
  const shownChannels: string[] = [];
  const messages: string[] = [];
  const treeData = new Map<string, TreeDataStub>();
  const configuration = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
  const message = (text: string) => {
    messages.push(text);
    return Promise.resolve(undefined);
  };
  const event = () => new EventEmitter<unknown>().event;

  const api = strict('vscode', {
    Disposable,
    EventEmitter,
    Uri,
    FileSystemError,
    StatusBarAlignment: { Left: 1, Right: 2 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    l10n: strict('l10n', {
      // No bundle: the display language is English.
      bundle: undefined,
      t: (text: string, ...args: unknown[]) => text.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])),
    }),
    env: strict('env', { language: 'en' }),
    commands: strict('commands', {
      registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
        // As VS Code: one handler per id.
        if (commands.has(id)) throw new Error(`command '${id}' already exists`);
        commands.set(id, handler);
        return new Disposable(() => commands.delete(id));
      },
      executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
        const handler = commands.get(id);
        if (handler) return Promise.resolve(handler(...args));
        executed.push({ id, args });
        return Promise.resolve(undefined);
      },
    }),
    window: strict('window', {
      createOutputChannel(name: string) {
        const line = (text: string) => logLines.push(text);
        return strict('LogOutputChannel', {
          name,
          trace: line,
          debug: line,
          info: line,
          warn: line,
          error: line,
          append: line,
          appendLine: line,
          show: () => shownChannels.push(name),
          dispose: () => undefined,
        });
      },
      createTreeView(id: string, options: { treeDataProvider: TreeDataStub }) {
        treeData.set(id, options.treeDataProvider);
        return strict('TreeView', { onDidChangeVisibility: event(), visible: false, dispose: () => undefined });
      },
      createStatusBarItem: () =>
        strict('StatusBarItem', {
          text: '',
          show: () => undefined,
          hide: () => undefined,
          dispose: () => undefined,
        }),
      showInformationMessage: message,
      showWarningMessage: message,
      showErrorMessage: message,
    }),
    workspace: strict('workspace', {
      workspaceFolders: options.workspaceFolders?.map((path, index) => ({ uri: Uri.file(path), name: path, index })),
      workspaceFile: undefined,
      isTrusted: true,
      onDidChangeConfiguration: configuration.event,
      onDidChangeWorkspaceFolders: event(),
      onDidGrantWorkspaceTrust: event(),
      getConfiguration: () =>
        strict('WorkspaceConfiguration', {
          get: <T>(_key: string, fallback?: T) => fallback,
          inspect: () => undefined,
          has: () => false,
        }),
      createFileSystemWatcher: () =>
        strict('FileSystemWatcher', {
          onDidCreate: event(),
          onDidChange: event(),
          onDidDelete: event(),
          dispose: () => undefined,
        }),
      fs: strict('fs', { readFile: () => Promise.reject(new FileSystemError('FileNotFound')) }),
    }),
  });

  return {
    api,
    commands,
    executed,
    logLines,
    shownChannels,
    messages,
    treeData,
    context(extensionRoot, storage) {
      const secrets = new EventEmitter<unknown>();
      return {
        subscriptions: [],
        extensionUri: Uri.file(extensionRoot),
        globalStorageUri: Uri.file(join(storage, 'global')),
        workspaceState: new Memento(),
        globalState: new Memento(),
        secrets: strict('SecretStorage', {
          get: () => Promise.resolve(undefined),
          store: () => Promise.resolve(),
          delete: () => Promise.resolve(),
          onDidChange: secrets.event,
        }),
      };
    },
  };
}

interface ModuleInternals {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
}

/** Makes `require('vscode')` return the stub until the returned function is called. */
export function installVscodeStub(stub: VscodeStub): () => void {
  const internals = Module as unknown as ModuleInternals;
  const load = internals._load;
  internals._load = function (request, parent, isMain) {
    return request === 'vscode' ? stub.api : load.call(this, request, parent, isMain);
  };
  return () => {
    internals._load = load;
  };
}
