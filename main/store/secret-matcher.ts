/**
 * Values this short match ordinary text too often to be worth hiding (and hiding them would
 * mangle every log): they are left alone.
 */
export const MIN_REDACTED_LENGTH = 4;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds known secret values in text and puts `[secret NAME]` in their place. Built once per
 * set of secrets (one regular expression for all of them), then used for every chunk.
 */
export class SecretMatcher {
  private readonly pattern: RegExp | undefined;
  private readonly names = new Map<string, string>();
  /** Matches a text's end that is the beginning of some value (nested optional characters). */
  private readonly partial: RegExp | undefined;
  /** The longest value's length: no partial match is longer than this less one. */
  readonly longest: number;

  constructor(secrets: Iterable<readonly [name: string, value: string]>) {
    for (const [name, value] of secrets) {
      if (value.length < MIN_REDACTED_LENGTH || this.names.has(value)) continue;
      this.names.set(value, name);
    }
    // Longest first, so a value that contains another is replaced whole.
    const values = [...this.names.keys()].sort((a, b) => b.length - a.length);
    this.pattern = values.length ? new RegExp(values.map(escapeRegExp).join('|'), 'g') : undefined;
    this.longest = values[0]?.length ?? 0;
    // "abcd" gives a(?:b(?:c)?)?$: any proper beginning of it at the end, tried by the regex engine.
    const beginning = (v: string) =>
      [...v.slice(0, -1)].reduceRight((inner, ch) => `${escapeRegExp(ch)}${inner ? `(?:${inner})?` : ''}`, '');
    this.partial = values.length ? new RegExp(`(?:${values.map(beginning).join('|')})$`) : undefined;
  }

  static readonly none = new SecretMatcher([]);

  get empty(): boolean {
    return this.pattern === undefined;
  }

  redact(text: string): string {
    if (!this.pattern || text.length < MIN_REDACTED_LENGTH) return text;
    return text.replace(this.pattern, (value) => `[secret ${this.names.get(value)}]`);
  }

  /** Every string inside a JSON-like value redacted; the same object when nothing changed. */
  redactDeep<T>(value: T): T {
    if (!this.pattern) return value;
    return this.deep(value) as T;
  }

  /**
   * Where the text's end may be the start of a secret that the next chunk completes: the index
   * of the earliest such position, or the text's length when there is none.
   */
  partialStart(text: string): number {
    if (!this.partial) return text.length;
    const from = Math.max(0, text.length - this.longest + 1);
    const found = this.partial.exec(from ? text.slice(from) : text);
    return found ? from + found.index : text.length;
  }

  private deep(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) {
      const mapped = value.map((v) => this.deep(v));
      return mapped.some((v, i) => v !== value[i]) ? mapped : value;
    }
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      let changed = false;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        out[k] = this.deep(v);
        if (out[k] !== v) changed = true;
      }
      return changed ? out : value;
    }
    return value;
  }
}

/**
 * Redacts a text that arrives in pieces (a log stream), so a value split across two pieces is
 * still caught: the end of a piece that could begin a secret is held back until the next piece
 * shows whether it does, or until `flush`.
 */
export class StreamRedactor {
  private held = '';

  constructor(private readonly matcher: () => SecretMatcher) {}

  /** What can be shown of `chunk` now (possibly ''). */
  push(chunk: string): string {
    const m = this.matcher();
    const text = this.held + chunk;
    if (m.empty) {
      this.held = '';
      return text;
    }
    const redacted = m.redact(text);
    const cut = m.partialStart(redacted);
    this.held = redacted.slice(cut);
    return redacted.slice(0, cut);
  }

  /** What is still held back, redacted: the stream ended. */
  flush(): string {
    const rest = this.matcher().redact(this.held);
    this.held = '';
    return rest;
  }
}
