// The settings parsed once per change instead of on every read (one job start read them about six times, the
// limiter on every slot change). Pure (no vscode), unit-tested; settings.ts invalidates it on a change.

/** A value computed on first read and kept until `invalidate`. */
export class ParsedOnce<T> {
  private parsed: { readonly value: T } | undefined;

  constructor(private readonly parse: () => T) {}

  read(): T {
    this.parsed ??= { value: this.parse() };
    return this.parsed.value;
  }

  invalidate(): void {
    this.parsed = undefined;
  }
}
