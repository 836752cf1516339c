/**
 * In-query lookbacks: `ago(14d)` in a rule whose lookback is 1h sees only 1h of data, because
 * Sentinel limits the query to its queryPeriod. A warning: it is legal, but rarely intended.
 */
import type { CompiledDetection } from "../../dsl/model.js";
import type { Finding, RuleCheck } from "../check.js";
import { formatMinutes, kqlTimespanMs, ruleDurationMinutes } from "../durations.js";
import { effectiveSchedule, isScheduled } from "../effective.js";
import { mapAstSpan } from "../query-map.js";

interface NodeLike {
  readonly kind?: unknown;
  readonly span?: { readonly start: number; readonly end: number };
  readonly [key: string]: unknown;
}

function isNode(v: unknown): v is NodeLike {
  return typeof v === "object" && v !== null && typeof (v as NodeLike).kind === "string";
}

/** Visits every node of the AST, whatever its kind (so new node kinds need no change here). */
function walk(node: unknown, visit: (n: NodeLike) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (!isNode(node)) return;
  visit(node);
  for (const [key, value] of Object.entries(node)) if (key !== "span" && typeof value === "object") walk(value, visit);
}

/** Milliseconds of a timespan-valued expression: a literal, or a name bound by a top-level `let`. */
function timespanOf(expr: unknown, lets: ReadonlyMap<string, unknown>, depth = 0): number | undefined {
  if (!isNode(expr) || depth > 8) return undefined;
  if (expr.kind === "TimespanLit") return kqlTimespanMs(String(expr.text));
  if (expr.kind === "TypedLit" && expr.type === "timespan" && typeof expr.text === "string") return kqlTimespanMs(expr.text);
  if (expr.kind === "NameRef") return timespanOf(lets.get(String(expr.name)), lets, depth + 1);
  return undefined;
}

/** The `ago(x)` calls of a query with their lookback in milliseconds. */
export function agoLookbacks(d: CompiledDetection): { ms: number; span: { start: number; end: number } }[] {
  const lets = new Map<string, unknown>();
  for (const s of d.ast?.statements ?? []) if (s.kind === "Let") lets.set(s.name, s.value);
  const out: { ms: number; span: { start: number; end: number } }[] = [];
  walk(d.ast, (n) => {
    if (n.kind !== "Call" || String(n.name).toLowerCase() !== "ago") return;
    const args = n.args as readonly unknown[] | undefined;
    const ms = args && args.length === 1 ? timespanOf(args[0], lets) : undefined;
    if (ms !== undefined && n.span) out.push({ ms, span: n.span });
  });
  return out;
}

export const LOOKBACK_CHECKS: readonly RuleCheck[] = [
  {
    id: "query-lookback",
    group: "schema",
    severity: "warning",
    title: "ago() lookbacks stay within the rule's lookback",
    help: "Sentinel runs a scheduled query over its lookback (queryPeriod) only: ago(14d) in a rule with a 1h lookback still sees 1h of data. Raise the lookback or shorten the ago().",
    check: (d, ctx) => {
      if (!isScheduled(d.spec)) return [];
      const period = ruleDurationMinutes(effectiveSchedule(d.spec).lookback);
      if (period === undefined) return [];
      return agoLookbacks(d)
        .filter((a) => a.ms > period * 60_000)
        .map((a): Finding => {
          const minutes = a.ms / 60_000;
          const shown = Number.isInteger(minutes) ? formatMinutes(minutes) : `${a.ms}ms`;
          const position = mapAstSpan(d, ctx.locator, a.span, "ago");
          return {
            message: `ago(${shown}) looks back further than the rule's lookback (${formatMinutes(period)}); Sentinel only queries the last ${formatMinutes(period)}`,
            ...(position ? { position } : { at: { path: ["query"] } }),
          };
        });
    },
  },
];
