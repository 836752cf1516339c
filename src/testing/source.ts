/**
 * Where a piece of test input came from, so every problem with a case or a fixture names its
 * file, line and column. A `Locator` maps a path inside a parsed document (`["tables", "SigninLogs",
 * 0, "UserPrincipalName"]`) back to a position in the source text.
 */
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode } from "yaml";
import { type Diagnostic, lineColAt } from "../diagnostics.js";

export interface SourceRef {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

export type Path = readonly (string | number)[];

/** `key`: the position of the mapping key (for "unknown column" errors); `value`: the value's. */
export type Locator = (path: Path, what?: "key" | "value") => SourceRef;

/**
 * A problem with test input (case file, fixture, inline rows): always positioned. A case with
 * several problems carries them all in `diagnostics` (`diagnostic` is the first).
 */
export class TestInputError extends Error {
  readonly diagnostic: Diagnostic;
  readonly diagnostics: readonly Diagnostic[];
  constructor(at: SourceRef, message: string, code = "test-input", more: readonly Diagnostic[] = []) {
    super(`${formatRef(at)}: ${message}`);
    this.name = "TestInputError";
    this.diagnostic = inputDiagnostic(at, message, code);
    this.diagnostics = [this.diagnostic, ...more];
  }

  /** One error for several problems (at least one). */
  static of(problems: readonly Diagnostic[]): TestInputError {
    const [first, ...rest] = problems;
    return new TestInputError({ file: first.file ?? "", line: first.line, column: first.column }, first.message, first.code, rest);
  }
}

export function inputDiagnostic(at: SourceRef, message: string, code = "test-input"): Diagnostic {
  return { severity: "error", message, file: at.file, line: at.line, column: at.column, code };
}

export function formatRef(at: SourceRef): string {
  return at.line === undefined ? at.file : `${at.file}:${at.line}:${at.column ?? 1}`;
}

/** A locator over a `yaml` Document (YAML or JSON text): walks maps and sequences along the path. */
export function yamlLocator(file: string, text: string, doc: Document): Locator {
  return (path, what = "value") => {
    let node: unknown = doc.contents;
    let best: number = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const last = i === path.length - 1;
        if (last && what === "key") {
          best = rangeStart(pair.key) ?? best;
          node = undefined;
          break;
        }
        node = pair.value;
        best = rangeStart(node) ?? rangeStart(pair.key) ?? best;
      } else if (isSeq(node) && typeof seg === "number") {
        node = node.items[seg];
        best = rangeStart(node) ?? best;
      } else break;
    }
    const { line, column } = lineColAt(text, best);
    return { file, line, column };
  };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | undefined)?.range;
  return Array.isArray(range) ? range[0] : undefined;
}

/**
 * A best-effort locator for test cases written in a TypeScript detection file (no parse tree):
 * finds the case's name in the text, then each path segment that is a name after it.
 */
export function textLocator(file: string, text: string | undefined, anchor: string): Locator {
  return (path) => {
    if (text === undefined) return { file };
    let offset = findQuoted(text, anchor, 0);
    if (offset < 0) return { file };
    for (const seg of path) {
      if (typeof seg !== "string") continue;
      const next = findKey(text, seg, offset);
      if (next >= 0) offset = next;
    }
    const { line, column } = lineColAt(text, offset);
    return { file, line, column };
  };
}

function findQuoted(text: string, value: string, from: number): number {
  for (const q of ['"', "'", "`"]) {
    const i = text.indexOf(`${q}${value}${q}`, from);
    if (i >= 0) return i;
  }
  return -1;
}

function findKey(text: string, key: string, from: number): number {
  const quoted = findQuoted(text, key, from);
  const bare = new RegExp(`\\b${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*:`).exec(text.slice(from));
  const bareAt = bare ? from + bare.index : -1;
  if (quoted < 0) return bareAt;
  if (bareAt < 0) return quoted;
  return Math.min(quoted, bareAt);
}
