/**
 * YAML escaping: the one way a value becomes YAML text in Kustodian's outputs.
 *
 * Every string comes out in the safest readable form that the `yaml` package, PyYAML (pySigma)
 * and YamlDotNet (Azure-Sentinel CI) all read back unchanged:
 * - a plain scalar for simple words (`Medium`, `AuditLogs`, `Rogue PTA agent`),
 * - a literal block (`|-`) for multi-line printable ASCII text such as queries,
 * - a single-quoted scalar for other printable ASCII (backslashes stay readable: Sigma values),
 * - a double-quoted scalar with escapes for everything else, so the output is pure ASCII
 *   (Azure-Sentinel CI rejects non-ASCII files).
 */

/** Words that YAML 1.1/1.2 resolvers read as booleans or null when unquoted. */
const RESERVED = new Set(["true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf"]);

const PLAIN = /^[A-Za-z_][A-Za-z0-9_./|()@-]*(?: [A-Za-z0-9_./|()@-]+)*$/;
const PRINTABLE_ASCII_LINE = /^[\x20-\x7e]*$/;
const BLOCK_SAFE = /^[\x20-\x7e\t\n]*$/;

export interface YamlScalarOptions {
  /** Indentation (spaces) of the key that owns this scalar; block content goes `step` deeper. */
  readonly indent?: number;
  readonly step?: number;
  /** Allow a literal block scalar (only in block context). Default true. */
  readonly block?: boolean;
}

/** A YAML scalar for `value`, to be written after `key: ` (or `- `). */
export function yamlString(value: string, options: YamlScalarOptions = {}): string {
  if (isPlainSafe(value)) return value;
  if (options.block !== false && isBlockSafe(value)) return blockLiteral(value, (options.indent ?? 0) + (options.step ?? 2));
  if (PRINTABLE_ASCII_LINE.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return doubleQuoted(value);
}

/** Durations such as `5m` or `14d`, and GUIDs, read as strings in every YAML version. */
const DURATION = /^\d{1,6}[smhd]$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function isPlainSafe(value: string): boolean {
  return DURATION.test(value) || GUID.test(value) || (value.length <= 200 && PLAIN.test(value) && !RESERVED.has(value.toLowerCase()));
}

/** Multi-line text whose first line starts with a visible character (so indentation is auto-detected). */
function isBlockSafe(value: string): boolean {
  if (!value.includes("\n") || !BLOCK_SAFE.test(value)) return false;
  const first = value.charCodeAt(0);
  if (first === 0x20 || first === 0x09 || first === 0x0a) return false;
  // Trailing spaces or tabs on a line are kept by literal blocks but are invisible; quote instead.
  return !/[ \t]\n/.test(value) && !/[ \t]$/.test(value);
}

function blockLiteral(value: string, indent: number): string {
  const body = value.replace(/\n+$/, "");
  const trailing = value.length - body.length;
  const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
  const pad = " ".repeat(indent);
  const lines = value.slice(0, trailing > 1 ? value.length - 1 : body.length).split("\n");
  return `|${chomp}\n${lines.map((l) => (l === "" ? "" : pad + l)).join("\n")}`;
}

const NAMED: ReadonlyMap<number, string> = new Map([
  [0x00, "\\0"],
  [0x07, "\\a"],
  [0x08, "\\b"],
  [0x09, "\\t"],
  [0x0a, "\\n"],
  [0x0b, "\\v"],
  [0x0c, "\\f"],
  [0x0d, "\\r"],
  [0x1b, "\\e"],
  [0x22, '\\"'],
  [0x5c, "\\\\"],
]);

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

/** Double-quoted scalar, ASCII only: every other code unit or code point is escaped. */
function doubleQuoted(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const named = NAMED.get(c);
    if (named !== undefined) out += named;
    else if (c >= 0x20 && c <= 0x7e) out += value[i];
    else if (c < 0x100) out += `\\x${hex(c, 2)}`;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += `\\U${hex((c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000, 8)}`;
        i++;
      } else out += `\\u${hex(c, 4)}`;
    } else out += `\\u${hex(c, 4)}`;
  }
  return `${out}"`;
}

export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue | undefined };

export interface YamlNodeOptions {
  /** Indentation of the key that owns the value. */
  readonly indent?: number;
  /** Spaces per nesting level (2 for Sentinel, 4 for Sigma). */
  readonly step?: number;
}

/**
 * The text that follows `key:` for any value: a space and a scalar, or a newline and an
 * indented block collection. `undefined` members of objects are skipped.
 */
export function yamlValue(value: YamlValue, options: YamlNodeOptions = {}): string {
  const indent = options.indent ?? 0;
  const step = options.step ?? 2;
  if (Array.isArray(value)) {
    if (value.length === 0) return " []";
    return `\n${blockSequence(value, indent, step)}`;
  }
  if (isMapping(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return " {}";
    return `\n${blockMapping(value, indent + step, step)}`;
  }
  return ` ${yamlScalar(value as string | number | boolean | null, indent, step)}`;
}

function isMapping(value: YamlValue): value is { readonly [key: string]: YamlValue | undefined } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function yamlScalar(value: string | number | boolean | null, indent: number, step: number): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as YAML`);
    return String(value);
  }
  return yamlString(value, { indent, step });
}

/** A block mapping whose keys sit at `indent`. */
function blockMapping(value: { readonly [key: string]: YamlValue | undefined }, indent: number, step: number): string {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    lines.push(`${pad}${yamlString(k, { block: false })}:${yamlValue(v, { indent, step })}`);
  }
  return lines.join("\n");
}

/** A block sequence whose dashes sit at `indent` (Sentinel and Sigma both indent list items). */
function blockSequence(items: readonly YamlValue[], indent: number, step: number): string {
  const dashIndent = indent + step;
  const pad = " ".repeat(dashIndent);
  const lines: string[] = [];
  for (const item of items) {
    if (isMapping(item) && Object.values(item).some((v) => v !== undefined)) {
      // First key on the dash line, the rest aligned under it.
      const inner = blockMapping(item, dashIndent + 2, step);
      lines.push(`${pad}- ${inner.slice(dashIndent + 2)}`);
    } else if (Array.isArray(item) && item.length > 0) {
      lines.push(`${pad}-${yamlValue(item, { indent: dashIndent, step })}`);
    } else {
      lines.push(`${pad}-${yamlValue(item, { indent: dashIndent, step })}`);
    }
  }
  return lines.join("\n");
}
