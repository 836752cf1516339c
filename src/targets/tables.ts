/** Which tables a query reads: the data sources of a detection. */
import type { Node, Script } from "../kql/ast.js";

/** Every name a pipeline, union or join reads as a table, minus `let`-bound names, sorted. */
export function sourceTables(script: Script): string[] {
  const lets = new Set<string>();
  const tables = new Set<string>();
  const visit = (value: unknown, asSource: boolean): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v, asSource);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const node = value as Node;
    switch (node.kind) {
      case "Let":
        lets.add(node.name);
        visit(node.value, true);
        return;
      case "NameRef":
        if (asSource) tables.add(node.name);
        return;
      case "Pipeline":
        visit(node.source, true);
        visit(node.operators, false);
        return;
      case "Union":
      case "UnionOp":
        visit(node.tables, true);
        return;
      case "Join":
      case "Lookup":
        visit(node.right, true);
        visit(node.on, false);
        return;
      case "QueryStatement":
        visit(node.expr, true);
        return;
      default:
        for (const [k, v] of Object.entries(node)) if (k !== "span") visit(v, false);
    }
  };
  visit(script.statements, false);
  return [...tables].filter((t) => !lets.has(t)).sort();
}
