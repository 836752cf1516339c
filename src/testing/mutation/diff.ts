/** A line diff of two short texts (queries), `-`/`+` lines with one line of context. */

export function lineDiff(before: string, after: string, context = 1): string {
  const a = before.split("\n");
  const b = after.split("\n");
  // Longest common subsequence table; queries are short, so O(n*m) is fine.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops: { mark: " " | "-" | "+"; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ mark: " ", text: a[i] });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push({ mark: "-", text: a[i++] });
    } else {
      ops.push({ mark: "+", text: b[j++] });
    }
  }
  const keep = ops.map((op, k) => op.mark !== " " || ops.slice(Math.max(0, k - context), k + context + 1).some((o) => o.mark !== " "));
  // A long line changed in place is clipped around the change, so the change stays visible.
  ops.forEach((op, k) => {
    const next = ops[k + 1];
    if (op.mark === "-" && next?.mark === "+" && (op.text.length > MAX_LINE || next.text.length > MAX_LINE)) {
      const [x, y] = clipAroundChange(op.text, next.text);
      ops[k] = { mark: "-", text: x };
      ops[k + 1] = { mark: "+", text: y };
    } else if (op.text.length > MAX_LINE && op.mark === " ") ops[k] = { mark: " ", text: `${op.text.slice(0, MAX_LINE - 1)}…` };
  });
  const lines: string[] = [];
  let skipped = false;
  ops.forEach((op, k) => {
    if (keep[k]) {
      if (skipped && lines.length > 0) lines.push("  ...");
      skipped = false;
      lines.push(`${op.mark} ${op.text}`);
    } else skipped = true;
  });
  return lines.join("\n");
}

const MAX_LINE = 120;
const CONTEXT_CHARS = 50;

function clipAroundChange(a: string, b: string): [string, string] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const from = Math.max(0, start - CONTEXT_CHARS);
  const clip = (s: string, end: number) => {
    const to = Math.min(s.length, end + CONTEXT_CHARS);
    return `${from > 0 ? "…" : ""}${s.slice(from, to)}${to < s.length ? "…" : ""}`;
  };
  return [clip(a, endA), clip(b, endB)];
}
