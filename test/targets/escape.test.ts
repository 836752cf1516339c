import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { armEscape, armLiteral, armReadString, jsonValue } from "../../src/targets/escape/json.js";
import { mdCode, mdText } from "../../src/targets/escape/markdown.js";
import { sigmaEscape, sigmaUnescape, sigmaWildcards } from "../../src/targets/escape/sigma.js";
import { type YamlValue, yamlString, yamlValue } from "../../src/targets/escape/yaml.js";

/** Any string: full Unicode, lone surrogates, control characters. */
const anyString = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  // Strings that exercise the plain, block and single-quoted forms.
  fc.string({ unit: fc.constantFrom("a", "B", " ", "\n", "\t", "'", '"', "\\", "#", ":", "-", "|", "*", "?", "[", "]"), maxLength: 30 }),
  fc.constantFrom("", "yes", "No", "null", "~", "true", "1.0", "0x1F", "- a", "a: b", "a #b", "\n", "a\n", "a\n\n", " a\nb", "[x]", "[[x]"),
);

const yamlTree: fc.Arbitrary<YamlValue> = fc.letrec<{ v: YamlValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    anyString,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(anyString, tie("v"), { maxKeys: 3 }),
  ),
})).v;

describe("yaml escaping", () => {
  it("any string survives a round trip through the yaml parser, at any indentation", () => {
    fc.assert(
      fc.property(anyString, fc.integer({ min: 0, max: 6 }), (s, indent) => {
        const pad = " ".repeat(indent);
        const doc = `${pad}k: ${yamlString(s, { indent })}\n${pad}z: 1\n`;
        expect(parseYaml(doc)).toEqual({ k: s, z: 1 });
      }),
      { numRuns: 3000 },
    );
  });

  it("any nested value survives a round trip, with 2- and 4-space steps", () => {
    fc.assert(
      fc.property(yamlTree, fc.constantFrom(2, 4), (v, step) => {
        const doc = `root:${yamlValue(v, { step })}\nafter: 1\n`;
        expect(parseYaml(doc)).toEqual({ root: v, after: 1 });
      }),
      { numRuns: 1500 },
    );
  });

  it("writes readable forms and only ASCII", () => {
    expect(yamlString("Medium")).toBe("Medium");
    expect(yamlString("yes")).toBe("'yes'");
    expect(yamlString("1.0.0")).toBe("'1.0.0'");
    expect(yamlString("C:\\Windows\\*")).toBe("'C:\\Windows\\*'");
    expect(yamlString("AuditLogs\n| where x")).toBe("|-\n  AuditLogs\n  | where x");
    expect(yamlString("caf\u00e9")).toBe('"caf\\xE9"');
    fc.assert(fc.property(anyString, (s) => /^[\x00-\x7f]*$/.test(yamlString(s))));
  });

  it("lets a multi-document Sigma file parse into its documents", () => {
    const docs = parseAllDocuments(`title:${yamlValue("a: b")}\n---\ntitle:${yamlValue("c")}\n`);
    expect(docs.map((d) => d.toJS())).toEqual([{ title: "a: b" }, { title: "c" }]);
  });
});

describe("json and ARM escaping", () => {
  it("any string survives JSON.parse", () => {
    fc.assert(
      fc.property(anyString, (s) => {
        expect(JSON.parse(jsonValue({ s }))).toEqual({ s });
      }),
      { numRuns: 2000 },
    );
  });

  it("any string survives ARM's literal reading after JSON.parse", () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const back = JSON.parse(jsonValue(armEscape({ s }))) as { s: string };
        expect(armReadString(back.s)).toBe(s);
      }),
      { numRuns: 2000 },
    );
  });

  it("escapes only expression-shaped strings and keeps expressions", () => {
    expect(armLiteral("[Tier0] rule]")).toBe("[[Tier0] rule]");
    expect(armLiteral("[Tier0] rule")).toBe("[Tier0] rule");
    expect(armEscape({ a: "[x]", b: { armExpression: "[parameters('workspace')]" } })).toEqual({
      a: "[[x]",
      b: "[parameters('workspace')]",
    });
  });
});

describe("sigma escaping", () => {
  it("any string unescapes to exactly itself, with no wildcard", () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const tokens = sigmaUnescape(sigmaEscape(s));
        expect(tokens.every((t) => "literal" in t)).toBe(true);
        expect(tokens.map((t) => ("literal" in t ? t.literal : "")).join("")).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });

  it("mixes literal parts and real wildcards (contains = *x*)", () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        const tokens = sigmaUnescape(sigmaWildcards([{ wildcard: "*" }, a, { wildcard: "?" }, b]));
        const flat = tokens.map((t) => ("literal" in t ? `L${t.literal}` : `W${t.wildcard}`));
        const expected = ["W*", ...(a ? [`L${a}`] : []), "W?", ...(b ? [`L${b}`] : [])];
        expect(flat).toEqual(expected);
      }),
    );
  });

  it("follows the specification's escape table", () => {
    expect(sigmaUnescape("a\\b")).toEqual([{ literal: "a\\b" }]);
    expect(sigmaUnescape("\\\\*")).toEqual([{ literal: "\\" }, { wildcard: "*" }]);
    expect(sigmaUnescape("\\\\\\*")).toEqual([{ literal: "\\*" }]);
    expect(sigmaEscape("C:\\a*?")).toBe("C:\\\\a\\*\\?");
  });
});

describe("markdown escaping", () => {
  it("neutralises markup", () => {
    expect(mdText("# not a heading *bold* [link](x) <b>")).toBe("\\# not a heading \\*bold\\* \\[link\\](x) \\<b\\>");
    expect(mdText("1. item\n- item")).toBe("1\\. item\n\\- item");
  });
  it("fences code longer than any backtick run", () => {
    expect(mdCode("a ``` b", "kql")).toBe("````kql\na ``` b\n````");
  });
});
