/**
 * The mutation operators: each looks at one AST node (with its ancestors) and proposes
 * replacement nodes. A registry, not a switch ladder: add an operator by adding an entry.
 *
 * Operators avoid mutants that are equivalent by construction, the noise that makes mutation
 * scores useless: time filters already implied by the rule's lookback are not dropped or
 * widened, `>`/`>=` boundary shifts are not applied to datetimes, and literals are only
 * changed where they are compared against.
 */
import { parseTimespan } from "../../engine/literals.js";
import { type AnyNode, isNode, some, type VisitContext } from "./walk.js";

export interface MutationSite {
  readonly node: AnyNode;
  readonly ctx: VisitContext;
  /** The rule's lookback, in ticks: time filters at least this wide are implied by the window. */
  readonly period: bigint;
}

export interface Variant {
  /** Replaces the node at the site. */
  readonly node: AnyNode;
  /** What changed, for the report: `flip == to !=`. */
  readonly label: string;
}

export interface Mutator {
  readonly id: string;
  readonly variants: (site: MutationSite) => readonly Variant[];
}

const NO_SPAN = { start: -1, end: -1 };

// --------------------------------------------------------------------------------------------
// Helpers over expressions
// --------------------------------------------------------------------------------------------

const COMPARISON_NEGATION: Readonly<Record<string, string>> = {
  "==": "!=", "!=": "==", "=~": "!~", "!~": "=~", "<>": "==",
  "<": ">=", ">=": "<", ">": "<=", "<=": ">",
};
const COMPARISON_BOUNDARY: Readonly<Record<string, string>> = { "<": "<=", "<=": "<", ">": ">=", ">=": ">" };

const STRING_OPS = new Set([
  "has", "has_cs", "hasprefix", "hasprefix_cs", "hassuffix", "hassuffix_cs", "contains", "contains_cs",
  "startswith", "startswith_cs", "endswith", "endswith_cs",
]);
const STRING_SWAP: Readonly<Record<string, string>> = {
  has: "contains", contains: "has", has_cs: "contains_cs", contains_cs: "has_cs",
  "!has": "!contains", "!contains": "!has", "!has_cs": "!contains_cs", "!contains_cs": "!has_cs",
  hasprefix: "startswith", startswith: "hasprefix", hassuffix: "endswith", endswith: "hassuffix",
};

const LIST_NEGATION: Readonly<Record<string, string>> = { in: "!in", "!in": "in", "in~": "!in~", "!in~": "in~", has_any: "has_all" };

const JOIN_KIND_SWAP: Readonly<Record<string, string>> = {
  innerunique: "leftouter", inner: "leftouter", leftouter: "inner", rightouter: "inner", fullouter: "inner",
  leftanti: "leftsemi", leftsemi: "leftanti", rightanti: "rightsemi", rightsemi: "rightanti",
  anti: "leftsemi", leftantisemi: "leftsemi", rightantisemi: "rightsemi",
};

const CALL_SWAP: Readonly<Record<string, string>> = {
  isempty: "isnotempty", isnotempty: "isempty", isnull: "isnotnull", isnotnull: "isnull",
};

function isComparison(node: AnyNode): boolean {
  return node.kind === "Binary" && typeof node.op === "string" && node.op in COMPARISON_NEGATION;
}

function isStringOp(op: unknown): boolean {
  return typeof op === "string" && (STRING_OPS.has(op) || (op.startsWith("!") && STRING_OPS.has(op.slice(1))));
}

/** An expression about time: datetime literals, `ago()`/`now()`, or the `TimeGenerated` column. */
function isTimeish(node: AnyNode): boolean {
  return some(node, (n) =>
    (n.kind === "TypedLit" && n.type === "datetime") ||
    (n.kind === "Call" && typeof n.name === "string" && ["ago", "now", "datetime_add", "startofday", "bin"].includes(n.name)) ||
    (n.kind === "NameRef" && n.name === "TimeGenerated"),
  );
}

function timespanTicks(node: unknown): bigint | null {
  if (!isNode(node) || node.kind !== "TimespanLit" || typeof node.text !== "string") return null;
  return parseTimespan(node.text)?.ticks ?? null;
}

/**
 * `TimeGenerated > ago(X)` (or `>=`) with X at least the lookback: the service's time window
 * already enforces it, so dropping or widening it cannot change any result.
 */
function isImpliedTimeFilter(node: AnyNode, period: bigint): boolean {
  if (node.kind !== "Binary" || (node.op !== ">" && node.op !== ">=")) return false;
  const left = node.left as AnyNode;
  const right = node.right as AnyNode;
  if (left.kind !== "NameRef" || left.name !== "TimeGenerated") return false;
  if (right.kind !== "Call" || right.name !== "ago") return false;
  const ticks = timespanTicks((right.args as unknown[])[0]);
  return ticks !== null && ticks >= period;
}

/** Operands of `and` chains, left to right. */
function conjuncts(node: AnyNode): AnyNode[] {
  if (node.kind === "Binary" && node.op === "and") return [...conjuncts(node.left as AnyNode), ...conjuncts(node.right as AnyNode)];
  return [node];
}

function disjuncts(node: AnyNode): AnyNode[] {
  if (node.kind === "Binary" && node.op === "or") return [...disjuncts(node.left as AnyNode), ...disjuncts(node.right as AnyNode)];
  return [node];
}

function chain(op: "and" | "or", parts: readonly AnyNode[]): AnyNode {
  return parts.reduce((left, right) => ({ kind: "Binary", span: NO_SPAN, op, left, right }));
}

/** Whether the node is compared against: an operand of a comparison, string or list operator. */
function isComparedValue(ctx: VisitContext): boolean {
  const parent = ctx.ancestors[ctx.ancestors.length - 1];
  if (!parent) return false;
  if (parent.kind === "InExpr" && ctx.key === "values") return true;
  if (parent.kind === "Between") return ctx.key === "low" || ctx.key === "high";
  if (parent.kind === "Binary") return isComparison(parent) || isStringOp(parent.op);
  return false;
}

/** `join ... on $left.a == $right.b`: only equality is valid there. */
function isJoinCondition(ctx: VisitContext): boolean {
  const parent = ctx.ancestors[ctx.ancestors.length - 1];
  return (parent?.kind === "Join" || parent?.kind === "Lookup") && ctx.key === "on";
}

function comparisonParent(ctx: VisitContext): AnyNode | undefined {
  const parent = ctx.ancestors[ctx.ancestors.length - 1];
  return parent && parent.kind === "Binary" && isComparison(parent) ? parent : undefined;
}

function formatNumber(n: number, real: boolean): string {
  if (real) return Number.isInteger(n) ? `${n}.0` : String(n);
  return String(n);
}

const SPAN_UNITS: readonly [string, number][] = [
  ["d", 24 * 60 * 60],
  ["h", 60 * 60],
  ["m", 60],
  ["s", 1],
];

/** A timespan literal text for `seconds` (whole seconds), in the largest exact unit. */
function timespanText(seconds: number): string {
  for (const [unit, size] of SPAN_UNITS) if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

// --------------------------------------------------------------------------------------------
// The registry
// --------------------------------------------------------------------------------------------

export const MUTATORS: readonly Mutator[] = [
  {
    id: "drop-where-conjunct",
    variants: ({ node, period }) => {
      if (node.kind !== "Where") return [];
      const parts = conjuncts(node.predicate as AnyNode);
      if (parts.length < 2) return [];
      return parts.flatMap((part, i) =>
        isImpliedTimeFilter(part, period)
          ? []
          : [{ node: { ...node, predicate: chain("and", parts.filter((_, j) => j !== i)) }, label: `drop where conjunct ${i + 1} of ${parts.length}` }],
      );
    },
  },
  {
    id: "negate-where",
    variants: ({ node, period }) => {
      if (node.kind !== "Where") return [];
      const predicate = node.predicate as AnyNode;
      if (isImpliedTimeFilter(predicate, period)) return [];
      const negated: AnyNode = { kind: "Call", span: NO_SPAN, name: "not", args: [predicate] };
      return [{ node: { ...node, predicate: negated }, label: "negate where predicate" }];
    },
  },
  {
    id: "drop-where",
    variants: ({ node, period }) => {
      if (node.kind !== "Pipeline") return [];
      const ops = node.operators as AnyNode[];
      return ops.flatMap((op, i) => {
        if (op.kind !== "Where" || conjuncts(op.predicate as AnyNode).length > 1) return [];
        if (isImpliedTimeFilter(op.predicate as AnyNode, period)) return [];
        return [{ node: { ...node, operators: ops.filter((_, j) => j !== i) }, label: `drop where operator ${i + 1}` }];
      });
    },
  },
  {
    id: "drop-or-disjunct",
    variants: ({ node }) => {
      if (node.kind !== "Binary" || node.op !== "or") return [];
      const parts = disjuncts(node);
      return parts.map((_, i) => ({ node: chain("or", parts.filter((__, j) => j !== i)), label: `drop 'or' alternative ${i + 1} of ${parts.length}` }));
    },
  },
  {
    id: "swap-logical",
    variants: ({ node }) => {
      if (node.kind !== "Binary" || (node.op !== "and" && node.op !== "or")) return [];
      const op = node.op === "and" ? "or" : "and";
      return [{ node: { ...node, op }, label: `${node.op} to ${op}` }];
    },
  },
  {
    id: "flip-comparison",
    variants: ({ node, ctx, period }) => {
      if (!isComparison(node) || isJoinCondition(ctx)) return [];
      if (isImpliedTimeFilter(node, period)) return [];
      const op = node.op as string;
      const out: Variant[] = [{ node: { ...node, op: COMPARISON_NEGATION[op] }, label: `${op} to ${COMPARISON_NEGATION[op]}` }];
      const boundary = COMPARISON_BOUNDARY[op];
      if (boundary && !isTimeish(node)) out.push({ node: { ...node, op: boundary }, label: `${op} to ${boundary}` });
      return out;
    },
  },
  {
    id: "negate-string-operator",
    variants: ({ node }) => {
      if (node.kind !== "Binary" || !isStringOp(node.op)) return [];
      const op = node.op as string;
      const negated = op.startsWith("!") ? op.slice(1) : `!${op}`;
      return [{ node: { ...node, op: negated }, label: `${op} to ${negated}` }];
    },
  },
  {
    id: "swap-string-operator",
    variants: ({ node }) => {
      if (node.kind !== "Binary" || typeof node.op !== "string" || !(node.op in STRING_SWAP)) return [];
      return [{ node: { ...node, op: STRING_SWAP[node.op] }, label: `${node.op} to ${STRING_SWAP[node.op]}` }];
    },
  },
  {
    id: "negate-list-operator",
    variants: ({ node }) => {
      if (node.kind !== "InExpr" || typeof node.op !== "string" || !(node.op in LIST_NEGATION)) return [];
      return [{ node: { ...node, op: LIST_NEGATION[node.op] }, label: `${node.op} to ${LIST_NEGATION[node.op]}` }];
    },
  },
  {
    id: "drop-list-element",
    variants: ({ node }) => {
      if (node.kind !== "InExpr") return [];
      const values = node.values as AnyNode[];
      if (values.length >= 2 && values.every((v) => v.kind.endsWith("Lit"))) {
        return values.map((v, i) => ({
          node: { ...node, values: values.filter((_, j) => j !== i) },
          label: `drop list element ${describeLiteral(v)}`,
        }));
      }
      if (values.length === 1 && values[0].kind === "DynamicLit") {
        const lit = values[0];
        let items: unknown;
        try {
          items = JSON.parse(lit.json as string);
        } catch {
          return [];
        }
        if (!Array.isArray(items) || items.length < 2) return [];
        return items.map((item, i) => ({
          node: { ...node, values: [{ ...lit, json: JSON.stringify(items.filter((_, j) => j !== i)) }] },
          label: `drop list element ${JSON.stringify(item)}`,
        }));
      }
      return [];
    },
  },
  {
    id: "change-string-literal",
    variants: ({ node, ctx }) => {
      if (node.kind !== "StringLit" || !isComparedValue(ctx)) return [];
      const value = node.value as string;
      const changed = value === "" ? "kustodian-mutant" : `${value}_mutant`;
      return [{ node: { ...node, value: changed }, label: `change string ${JSON.stringify(value)}` }];
    },
  },
  {
    id: "shift-number-threshold",
    variants: ({ node, ctx }) => {
      const parent = comparisonParent(ctx);
      if (node.kind !== "NumberLit" || !parent) return [];
      const text = node.text as string;
      const n = Number(text);
      if (!Number.isFinite(n) || !/^[\d.]+(e\d+)?$/i.test(text)) return [];
      const real = node.type === "real";
      const up = real ? n * 2 || 1 : n + 1;
      const down = real ? n / 2 : n - 1;
      // An equality compares against a value (an event id), not a threshold: one change suffices.
      if (!(String(parent.op) in COMPARISON_BOUNDARY)) {
        return [{ node: { ...node, text: formatNumber(up, real) }, label: `change number ${text} to ${formatNumber(up, real)}` }];
      }
      const out: Variant[] = [{ node: { ...node, text: formatNumber(up, real) }, label: `threshold ${text} to ${formatNumber(up, real)}` }];
      if (down >= 0 && down !== n) out.push({ node: { ...node, text: formatNumber(down, real) }, label: `threshold ${text} to ${formatNumber(down, real)}` });
      return out;
    },
  },
  {
    id: "scale-timespan",
    variants: ({ node, ctx, period }) => {
      if (node.kind !== "TimespanLit") return [];
      const parent = ctx.ancestors[ctx.ancestors.length - 1];
      const inAgo = parent?.kind === "Call" && parent.name === "ago";
      if (!inAgo && !comparisonParent(ctx)) return [];
      const ticks = timespanTicks(node);
      if (ticks === null || ticks % 10_000_000n !== 0n || ticks <= 0n) return [];
      const seconds = Number(ticks / 10_000_000n);
      const out: Variant[] = [];
      // Widening an `ago()` already at least the lookback is invisible through the window.
      const filter = inAgo ? ctx.ancestors[ctx.ancestors.length - 2] : undefined;
      const implied = filter !== undefined && isImpliedTimeFilter(filter, period);
      if (!implied) out.push({ node: { ...node, text: timespanText(seconds * 2) }, label: `widen ${node.text} to ${timespanText(seconds * 2)}` });
      if (seconds >= 2 && seconds % 2 === 0) {
        out.push({ node: { ...node, text: timespanText(seconds / 2) }, label: `narrow ${node.text} to ${timespanText(seconds / 2)}` });
      }
      return out;
    },
  },
  {
    id: "change-join-kind",
    variants: ({ node }) => {
      if (node.kind !== "Join") return [];
      const options = node.options as AnyNode[];
      const at = options.findIndex((o) => o.name === "kind");
      const current = at >= 0 ? nameOf(options[at].value) : "innerunique";
      const next = current === undefined ? undefined : JOIN_KIND_SWAP[current];
      if (next === undefined) return [];
      const option: AnyNode = { kind: "OperatorOption", span: NO_SPAN, name: "kind", value: { kind: "NameRef", span: NO_SPAN, name: next } };
      const nextOptions = at >= 0 ? options.map((o, i) => (i === at ? option : o)) : [option, ...options];
      return [{ node: { ...node, options: nextOptions }, label: `join kind ${current} to ${next}` }];
    },
  },
  {
    id: "flip-bool",
    variants: ({ node, ctx }) => {
      if (node.kind !== "BoolLit" || !isComparedValue(ctx)) return [];
      return [{ node: { ...node, value: !node.value }, label: `${node.value} to ${!node.value}` }];
    },
  },
  {
    id: "swap-emptiness-check",
    variants: ({ node }) => {
      if (node.kind !== "Call" || typeof node.name !== "string" || !(node.name in CALL_SWAP)) return [];
      return [{ node: { ...node, name: CALL_SWAP[node.name] }, label: `${node.name} to ${CALL_SWAP[node.name]}` }];
    },
  },
];

function nameOf(value: unknown): string | undefined {
  if (!isNode(value)) return undefined;
  if (value.kind === "NameRef" && typeof value.name === "string") return value.name.toLowerCase();
  if (value.kind === "StringLit" && typeof value.value === "string") return value.value.toLowerCase();
  return undefined;
}

function describeLiteral(node: AnyNode): string {
  if (node.kind === "StringLit") return JSON.stringify(node.value);
  if (typeof node.text === "string") return node.text;
  return node.kind;
}
