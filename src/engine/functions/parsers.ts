/** Structured-text parsers returning dynamic values: parse_url, parse_path, parse_command_line, parse_csv, parse_xml. */
import { type Dyn, dyn, type Value } from "../values.js";
import { asString } from "./coerce.js";
import { fn, FunctionError, type ScalarFunction } from "./types.js";

function bagOf(entries: readonly (readonly [string, Dyn])[]): Dyn {
  return { t: "bag", entries: new Map(entries) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

const URL_SHAPE =
  /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?(\/[^?#]*)?(?:\?([^#]*))?(?:#(.*))?$/;

/** `k1=v1&k2=v2` as a property bag of decoded values. */
function parseQuery(text: string): Map<string, Dyn> {
  const query = new Map<string, Dyn>();
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    query.set(safeDecode(eq < 0 ? pair : pair.slice(0, eq)), eq < 0 ? "" : safeDecode(pair.slice(eq + 1)));
  }
  return query;
}

/** `parse_url`: scheme, host, port, path, user info, query parameters and fragment. */
function parseUrl(text: string): Dyn {
  const m = URL_SHAPE.exec(text.trim());
  if (m === null) return bagOf([]);
  const query = parseQuery(m[7] ?? "");
  return bagOf([
    ["Scheme", m[1]],
    ["Host", m[4]],
    ["Port", m[5] ?? ""],
    ["Path", m[6] ?? ""],
    ["Username", m[2] ?? ""],
    ["Password", m[3] ?? ""],
    ["Query Parameters", { t: "bag", entries: query }],
    ["Fragment", m[8] ?? ""],
  ]);
}

/** `parse_path`: Windows, UNC and Unix paths, with an optional scheme and alternate data stream. */
function parsePath(text: string): Dyn {
  let rest = text;
  let scheme = "";
  const s = /^([A-Za-z][A-Za-z0-9+.-]+):\/\//.exec(rest);
  if (s !== null) {
    scheme = s[1];
    rest = rest.slice(s[0].length);
  }
  const drive = /^[A-Za-z]:/.exec(rest);
  const root = drive === null ? "" : drive[0];
  const lastSep = Math.max(rest.lastIndexOf("\\"), rest.lastIndexOf("/"));
  let directoryPath: string;
  let fileName: string;
  if (lastSep >= 0) {
    directoryPath = rest.slice(0, lastSep);
    fileName = rest.slice(lastSep + 1);
  } else {
    directoryPath = root;
    fileName = rest.slice(root.length);
  }
  // `file.txt:stream` names an NTFS alternate data stream.
  let stream = "";
  const colon = fileName.indexOf(":");
  if (colon >= 0) {
    stream = fileName.slice(colon + 1);
    fileName = fileName.slice(0, colon);
  }
  const dirSep = Math.max(directoryPath.lastIndexOf("\\"), directoryPath.lastIndexOf("/"));
  const directoryName = directoryPath.slice(dirSep + 1);
  const dot = fileName.lastIndexOf(".");
  return bagOf([
    ["Scheme", scheme],
    ["RootPath", root],
    ["DirectoryPath", directoryPath],
    ["DirectoryName", directoryName === root ? "" : directoryName],
    ["Filename", fileName],
    ["Extension", dot < 0 ? "" : fileName.slice(dot + 1)],
    ["AlternateDataStreamName", stream],
  ]);
}

/** Splits a command line as Windows' CommandLineToArgvW does. */
export function splitWindowsCommandLine(text: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = text.length;
  const isSpace = (c: string | undefined): boolean => c === " " || c === "\t";
  while (i < n && isSpace(text[i])) i++;
  if (i >= n) return args;
  // The program name: quotes delimit it, no backslash escapes.
  let program = "";
  if (text[i] === '"') {
    i++;
    while (i < n && text[i] !== '"') program += text[i++];
    i++;
  } else {
    while (i < n && !isSpace(text[i])) program += text[i++];
  }
  args.push(program);
  while (true) {
    while (i < n && isSpace(text[i])) i++;
    if (i >= n) break;
    let arg = "";
    let quoted = false;
    while (i < n && (quoted || !isSpace(text[i]))) {
      const c = text[i];
      if (c === "\\") {
        let slashes = 0;
        while (text[i] === "\\") {
          slashes++;
          i++;
        }
        if (text[i] === '"') {
          arg += "\\".repeat(Math.floor(slashes / 2));
          if (slashes % 2 === 1) {
            arg += '"';
            i++;
          }
        } else {
          arg += "\\".repeat(slashes);
        }
      } else if (c === '"') {
        if (quoted && text[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
      } else {
        arg += c;
        i++;
      }
    }
    args.push(arg);
  }
  return args;
}

/** The first CSV record: comma-separated, `"` quoted fields with `""` escapes. */
function parseCsvRecord(text: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") break;
    else field += c;
  }
  fields.push(field);
  return fields;
}

// ---------- XML ----------

interface XmlElement {
  readonly name: string;
  readonly attributes: [string, string][];
  readonly children: (XmlElement | string)[];
}

const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (all, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(Number.parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
    return ENTITIES[e] ?? all;
  });
}

class XmlReader {
  private pos = 0;
  constructor(private readonly s: string) {}

  private fail(): never {
    throw new SyntaxError(`invalid XML at offset ${this.pos}`);
  }

  private skipMisc(): void {
    while (true) {
      while (/\s/.test(this.s[this.pos] ?? "")) this.pos++;
      if (this.s.startsWith("<?", this.pos)) this.skipTo("?>");
      else if (this.s.startsWith("<!--", this.pos)) this.skipTo("-->");
      else if (this.s.startsWith("<!DOCTYPE", this.pos)) this.skipTo(">");
      else return;
    }
  }

  private skipTo(end: string): void {
    const i = this.s.indexOf(end, this.pos);
    if (i < 0) this.fail();
    this.pos = i + end.length;
  }

  document(): XmlElement {
    this.skipMisc();
    const root = this.element();
    this.skipMisc();
    if (this.pos < this.s.length) this.fail();
    return root;
  }

  private name(): string {
    const m = /^[A-Za-z_:][\w.:-]*/.exec(this.s.slice(this.pos, this.pos + 256));
    if (m === null) this.fail();
    this.pos += m[0].length;
    return m[0];
  }

  private element(): XmlElement {
    if (this.s[this.pos] !== "<") this.fail();
    this.pos++;
    const name = this.name();
    const attributes: [string, string][] = [];
    while (true) {
      while (/\s/.test(this.s[this.pos] ?? "")) this.pos++;
      const c = this.s[this.pos];
      if (c === "/" && this.s[this.pos + 1] === ">") {
        this.pos += 2;
        return { name, attributes, children: [] };
      }
      if (c === ">") {
        this.pos++;
        break;
      }
      const attr = this.name();
      while (/\s/.test(this.s[this.pos] ?? "")) this.pos++;
      if (this.s[this.pos] !== "=") this.fail();
      this.pos++;
      while (/\s/.test(this.s[this.pos] ?? "")) this.pos++;
      const q = this.s[this.pos];
      if (q !== '"' && q !== "'") this.fail();
      const end = this.s.indexOf(q, this.pos + 1);
      if (end < 0) this.fail();
      attributes.push([attr, decodeEntities(this.s.slice(this.pos + 1, end))]);
      this.pos = end + 1;
    }
    const children: (XmlElement | string)[] = [];
    while (true) {
      if (this.pos >= this.s.length) this.fail();
      if (this.s.startsWith("</", this.pos)) {
        this.pos += 2;
        if (this.name() !== name) this.fail();
        while (/\s/.test(this.s[this.pos] ?? "")) this.pos++;
        if (this.s[this.pos] !== ">") this.fail();
        this.pos++;
        return { name, attributes, children };
      }
      if (this.s.startsWith("<!--", this.pos)) this.skipTo("-->");
      else if (this.s.startsWith("<![CDATA[", this.pos)) {
        const end = this.s.indexOf("]]>", this.pos);
        if (end < 0) this.fail();
        children.push(this.s.slice(this.pos + 9, end));
        this.pos = end + 3;
      } else if (this.s.startsWith("<?", this.pos)) this.skipTo("?>");
      else if (this.s[this.pos] === "<") children.push(this.element());
      else {
        const end = this.s.indexOf("<", this.pos);
        if (end < 0) this.fail();
        children.push(decodeEntities(this.s.slice(this.pos, end)));
        this.pos = end;
      }
    }
  }
}

/** An element's content as JSON: attributes as `@name`, text as `#text`, repeated children as arrays. */
function xmlContent(e: XmlElement): Dyn {
  const elements = e.children.filter((c): c is XmlElement => typeof c !== "string");
  const text = e.children.filter((c): c is string => typeof c === "string").join("");
  const hasText = text.trim() !== "";
  if (e.attributes.length === 0 && elements.length === 0) return hasText || text !== "" ? text : null;
  const entries = new Map<string, Dyn>();
  for (const [k, v] of e.attributes) entries.set(`@${k}`, v);
  if (hasText) entries.set("#text", text.trim());
  const byName = new Map<string, Dyn[]>();
  for (const child of elements) {
    const list = byName.get(child.name);
    if (list === undefined) byName.set(child.name, [xmlContent(child)]);
    else list.push(xmlContent(child));
  }
  for (const [name, values] of byName) entries.set(name, values.length === 1 ? values[0] : values);
  return { t: "bag", entries };
}

export function parseXml(text: string): Dyn {
  try {
    const root = new XmlReader(text).document();
    return { t: "bag", entries: new Map([[root.name, xmlContent(root)]]) };
  } catch {
    return null;
  }
}

export const PARSER_FUNCTIONS: readonly ScalarFunction[] = [
  fn("parse_url", 1, 1, "dynamic", ([v]) => dyn(parseUrl(asString(v)))),
  fn("parseurl", 1, 1, "dynamic", ([v]) => dyn(parseUrl(asString(v)))),
  fn("parse_urlquery", 1, 1, "dynamic", ([v]) =>
    dyn(bagOf([["Query Parameters", { t: "bag", entries: parseQuery(asString(v).replace(/^\?/, "")) }]])),
  ),
  fn("parse_path", 1, 1, "dynamic", ([v]) => dyn(parsePath(asString(v)))),
  fn("parse_command_line", 2, 2, "dynamic", ([v, kind]) => {
    if (asString(kind).toLowerCase() !== "windows")
      throw new FunctionError("parse_command_line", "the only supported parser is 'windows'");
    return dyn(splitWindowsCommandLine(asString(v)));
  }),
  fn("parse_csv", 1, 1, "dynamic", ([v]) => dyn(parseCsvRecord(asString(v)))),
  fn("parse_xml", 1, 1, "dynamic", ([v]: readonly Value[]) => dyn(parseXml(asString(v)))),
];
