/**
 * Markdown escaping for the docs pages: inline text never turns into markup, table cells stay
 * on one line, and code goes into a fence longer than any backtick run it contains.
 */

/**
 * Inline text: characters that open markup anywhere are escaped everywhere; characters that
 * only start a block (headings, lists, quotes) are escaped at the start of a line.
 */
export function mdText(value: string): string {
  return mdInline(value).replace(/^([ \t]*)([#+=-]|\d+(?=[.)]))/gm, (_, space: string, mark: string) =>
      /^\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`,
    );
}

/** Characters that open inline markup anywhere in a line. */
function mdInline(value: string): string {
  return value.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** A table cell (never at the start of a line): escaped inline text on one line. */
export function mdCell(value: string): string {
  return mdInline(value).replace(/\r\n|\r|\n/g, " ");
}

/** A fenced code block; the fence outgrows any run of backticks inside. */
export function mdCode(value: string, lang = ""): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  const body = value.endsWith("\n") ? value : `${value}\n`;
  return `${fence}${lang.replace(/[^A-Za-z0-9_-]/g, "")}\n${body}${fence}`;
}
