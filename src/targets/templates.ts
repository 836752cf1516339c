/**
 * Handlebars templates: document skeletons users can override, file by file, from
 * `config.templates` or `--templates <dir>`. Values enter only through escaping helpers; a
 * template that prints a value any other way is rejected before it renders.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { kqlString } from "../kql/strings.js";
import { type ArmValue, armValue, type JsonValue, jsonValue } from "./escape/json.js";
import { mdCell, mdCode, mdText } from "./escape/markdown.js";
import { type YamlValue, yamlValue } from "./escape/yaml.js";

export const TEMPLATE_NAMES = [
  "sentinel-rule.yaml",
  "arm-rule.json",
  "arm-resource.json",
  "arm-bundle.json",
  "arm-parameters.json",
  "sigma-rule.yml",
  "sigma-correlation.yml",
  "sigma-pipeline.yml",
  "doc.md",
  "docs-index.md",
] as const;

export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export class TemplateError extends Error {}

type HelperOptions = { readonly hash: Readonly<Record<string, unknown>> };

function defined(helper: string, value: unknown): void {
  if (value === undefined) throw new TemplateError(`{{${helper}}} was given an undefined value (guard it with {{#if}})`);
}

function hashNumber(options: HelperOptions, key: string): number | undefined {
  const v = options.hash[key];
  return typeof v === "number" ? v : undefined;
}

/** The escaping helpers: the only way a template may print a value. */
const ESCAPERS: Readonly<Record<string, (value: unknown, ...rest: unknown[]) => string>> = {
  json: (value, options) => {
    defined("json", value);
    return jsonValue(value as JsonValue, hashNumber(options as HelperOptions, "indent"));
  },
  arm: (value) => {
    defined("arm", value);
    return armValue(value as ArmValue);
  },
  yaml: (value, options) => {
    defined("yaml", value);
    const o = options as HelperOptions;
    return yamlValue(value as YamlValue, { indent: hashNumber(o, "indent"), step: hashNumber(o, "step") });
  },
  kql: (value) => {
    defined("kql", value);
    return kqlString(String(value));
  },
  md: (value) => {
    defined("md", value);
    return mdText(String(value));
  },
  mdcell: (value) => {
    defined("mdcell", value);
    return mdCell(String(value));
  },
  mdcode: (value, lang) => {
    defined("mdcode", value);
    return mdCode(String(value), typeof lang === "string" ? lang : "");
  },
  /** Markdown the detection author wrote on purpose (`response`): passed through, line endings normalised. */
  markdown: (value) => {
    defined("markdown", value);
    return String(value).replace(/\r\n?/g, "\n").trimEnd();
  },
};

/** Block helpers a template may use, besides the built-in `if`, `unless`, `each`, `with`. */
const BLOCK_HELPERS = new Set(["if", "unless", "each", "with"]);

export function builtinTemplateDir(): string {
  const candidates = [fileURLToPath(new URL("../../templates/", import.meta.url))];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error("built-in templates not found");
}

interface Loaded {
  readonly name: TemplateName;
  readonly file: string;
  readonly render: (context: unknown) => string;
}

export class TemplateSet {
  private readonly templates = new Map<TemplateName, Loaded>();

  constructor(userDir: string | null) {
    const env = Handlebars.create();
    for (const [name, fn] of Object.entries(ESCAPERS)) env.registerHelper(name, fn);
    const builtin = builtinTemplateDir();
    const sources = new Map<TemplateName, { file: string; text: string }>();
    for (const name of TEMPLATE_NAMES) {
      const user = userDir ? join(userDir, `${name}.hbs`) : null;
      const file = user && existsSync(user) ? user : join(builtin, `${name}.hbs`);
      const text = readFileSync(file, "utf8").replace(/\r\n?/g, "\n");
      checkTemplate(file, text);
      sources.set(name, { file, text });
    }
    // Every template is also a partial named without its extension: {{> arm-resource}}.
    for (const [name, { text }] of sources) env.registerPartial(name.replace(/\..*$/, ""), text);
    for (const [name, { file, text }] of sources) {
      const compiled = env.compile(text, { noEscape: true, strict: true, knownHelpersOnly: false });
      this.templates.set(name, { name, file, render: (context) => compiled(context) });
    }
  }

  file(name: TemplateName): string {
    return (this.templates.get(name) as Loaded).file;
  }

  render(name: TemplateName, context: unknown): string {
    const t = this.templates.get(name) as Loaded;
    const text = t.render(context);
    return text.endsWith("\n") ? text : `${text}\n`;
  }
}

type HbsNode = { type: string; loc?: { start: { line: number; column: number } }; [key: string]: unknown };

/** Rejects `{{value}}` (no escaping helper), unknown block helpers and decorators, with the position. */
export function checkTemplate(file: string, text: string): void {
  let ast: HbsNode;
  try {
    ast = Handlebars.parse(text) as unknown as HbsNode;
  } catch (e) {
    throw new TemplateError(`${file}: invalid handlebars: ${(e as Error).message.split("\n")[0]}`);
  }
  const at = (n: HbsNode) => `${file}:${n.loc?.start.line ?? 1}:${(n.loc?.start.column ?? 0) + 1}`;
  const pathName = (p: unknown) => (p as { original?: unknown })?.original;
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) {
      for (const item of n) visit(item);
      return;
    }
    if (typeof n !== "object" || n === null) return;
    const node = n as HbsNode;
    if (node.type === "MustacheStatement") {
      const helper = pathName(node.path);
      const params = node.params as unknown[];
      if (typeof helper !== "string" || !(helper in ESCAPERS) || params.length === 0) {
        throw new TemplateError(
          `${at(node)}: {{${typeof helper === "string" ? helper : "..."}}} prints a value without an escaping helper; use one of ${Object.keys(ESCAPERS).join(", ")} (e.g. {{yaml ${typeof helper === "string" ? helper : "value"}}})`,
        );
      }
    }
    if (node.type === "BlockStatement") {
      const helper = pathName(node.path);
      if (typeof helper !== "string" || !BLOCK_HELPERS.has(helper)) {
        throw new TemplateError(`${at(node)}: unknown block helper {{#${String(helper)}}}; use if, unless, each or with`);
      }
    }
    if (node.type === "DecoratorBlock" || node.type === "Decorator") throw new TemplateError(`${at(node)}: decorators are not supported`);
    for (const [k, v] of Object.entries(node)) if (k !== "loc") visit(v);
  };
  visit(ast);
}
