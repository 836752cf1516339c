/**
 * Values never become query text: any string given to the builder or interpolated into a
 * `kql` template comes back from the parser as the same literal, and the query keeps its shape
 * (no injected operators).
 */
import fc from "fast-check";
import { AuditLogs, from, kql } from "kustodian";
import { describe, expect, it } from "vitest";
import { composeKql } from "../../src/dsl/raw-kql.js";
import * as front from "../../src/kql/index.js";

type WhereEq = { kind: "Where"; predicate: { kind: "Binary"; right: { kind: string; value: string } } };

function onlyWhere(text: string): WhereEq {
  const parsed = front.parse(text);
  expect(parsed.diagnostics).toEqual([]);
  const stmt = parsed.script.statements;
  expect(stmt).toHaveLength(1);
  const pipeline = (stmt[0] as unknown as { expr: { kind: string; operators: WhereEq[] } }).expr;
  expect(pipeline.kind).toBe("Pipeline");
  expect(pipeline.operators).toHaveLength(1);
  return pipeline.operators[0];
}

describe("escaping", () => {
  it("builder string literals survive print and parse", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const q = from(AuditLogs).where((r) => r.OperationName.eq(s));
        const where = onlyWhere(front.print(q.toScript()));
        expect(where.predicate.right).toMatchObject({ kind: "StringLit", value: s });
      }),
      { numRuns: 500 },
    );
  });

  it("builder property names survive print and parse", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 1 }), (name) => {
        const q = from(AuditLogs).extend((r) => ({ P: r.AdditionalDetails.prop(name) }));
        const back = front.parse(front.print(q.toScript()));
        expect(back.diagnostics).toEqual([]);
        expect(front.stripSpans(back.script)).toEqual(front.stripSpans(q.toScript()));
      }),
      { numRuns: 300 },
    );
  });

  it("kql template values become literals, never text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const composed = composeKql(kql`AuditLogs | where OperationName == ${s}`, null, front);
        const where = onlyWhere(composed.text);
        expect(where.predicate.right).toMatchObject({ kind: "StringLit", value: s });
      }),
      { numRuns: 500 },
    );
  });

  it("kql template lists become dynamic arrays of the same strings", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }), { maxLength: 5 }), (xs) => {
        const composed = composeKql(kql`AuditLogs | where OperationName in (${xs})`, null, front);
        const parsed = front.parse(composed.text);
        expect(parsed.diagnostics).toEqual([]);
        const pipeline = (parsed.script.statements[0] as unknown as { expr: { operators: { predicate: { values: { kind: string; json: string }[] } }[] } }).expr;
        const lit = pipeline.operators[0].predicate.values[0];
        expect(lit.kind).toBe("DynamicLit");
        expect(JSON.parse(lit.json)).toEqual(xs);
      }),
      { numRuns: 300 },
    );
  });
});
