import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseExpression, quoteIdentifier, kqlString } from "../../src/kql/index.js";

describe("kqlString", () => {
  it("parses back to the same string for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const r = parseExpression(kqlString(s));
        expect(r.diagnostics).toEqual([]);
        expect(r.expr).toMatchObject({ kind: "StringLit", value: s });
      }),
      { numRuns: 3000 },
    );
  });

  it("survives the characters that need escaping", () => {
    for (const s of ['"', "\\", "\n", "\r\n", "\t", "\u0000", "\u2028", "\ud800", "\udfff", "a'b", "😀", "```", "//"]) {
      const r = parseExpression(kqlString(s));
      expect(r.expr).toMatchObject({ kind: "StringLit", value: s });
    }
  });

  it("picks the verbatim form for backslashes when it can hold the value", () => {
    expect(kqlString("^\\w+@contoso\\.com$")).toBe('@"^\\w+@contoso\\.com$"');
    expect(kqlString("C:\\Windows\\System32")).toBe('@"C:\\Windows\\System32"');
    expect(kqlString("plain")).toBe('"plain"');
    expect(kqlString('a\\"b')).toBe('"a\\\\\\"b"');
    expect(kqlString("a\\\tb")).toBe('"a\\\\\\tb"');
    expect(kqlString("\\\ud800")).toBe('"\\\\\\ud800"');
    expect(kqlString("\\😀")).toBe('@"\\😀"');
  });

  it("is verbatim exactly when the value has a backslash and nothing the verbatim form cannot hold", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("\\", "a", '"', "\n", "\t", "\u2028", "\ud800", "\udc00", "'", "@") }), (s) => {
        const printed = kqlString(s);
        const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
        const safe = !/["\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(s) && !loneSurrogate;
        expect(printed.startsWith("@")).toBe(s.includes("\\") && safe);
        const r = parseExpression(printed);
        expect(r.diagnostics).toEqual([]);
        expect(r.expr).toMatchObject({ kind: "StringLit", value: s });
      }),
      { numRuns: 3000 },
    );
  });

  it("never emits a raw line break (printed KQL stays line-safe)", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => !/[\n\r\u2028\u2029]/.test(kqlString(s))));
  });
});

describe("quoteIdentifier", () => {
  it("leaves plain names bare and bracket-quotes keywords and odd names", () => {
    expect(quoteIdentifier("UserPrincipalName")).toBe("UserPrincipalName");
    expect(quoteIdentifier("where")).toBe("['where']");
    expect(quoteIdentifier("my col")).toBe("['my col']");
    expect(quoteIdentifier("it's")).toBe("['it\\'s']");
    expect(quoteIdentifier("1abc")).toBe("['1abc']");
  });

  it("round-trips any name", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1 }), (name) => {
        const r = parseExpression(quoteIdentifier(name));
        expect(r.diagnostics).toEqual([]);
        expect(r.expr).toMatchObject({ kind: "NameRef", name });
      }),
      { numRuns: 2000 },
    );
  });
});
