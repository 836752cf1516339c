/**
 * Tokens produced by the scanner (`lexer.ts`). Keywords are not separate kinds: KQL has
 * mostly soft keywords (a column may be named `count` or `kind`), so the parser decides by
 * context whether an identifier is a keyword.
 */

export type TokenKind =
  /** identifier, soft keyword, dashed keyword (`project-away`), negated operator (`!has`, `in~`) */
  | "id"
  /** `['name']` / `["name"]` bracket-quoted identifier; `value` holds the name */
  | "qid"
  /** string literal of any form; `value` holds the decoded text */
  | "str"
  /** numeric literal */
  | "num"
  /** timespan shorthand `1d`, `1.5h` */
  | "ts"
  /** typed literal `datetime(...)`, `guid(...)`; `text` is the type word, `value` the raw content */
  | "typed"
  | "eof"
  /** text the scanner cannot make sense of; `value` says why */
  | "bad"
  | Punct;

export type Punct =
  | "|" | "(" | ")" | "[" | "]" | "{" | "}" | "," | ";" | "." | ".." | ":"
  | "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=" | "=~" | "!~" | "=>"
  | "+" | "-" | "*" | "/" | "%" | "?" | "@";

export interface Token {
  readonly kind: TokenKind;
  /** the source text of the token (for `typed`, the type word) */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** decoded string value, raw typed-literal content, or an error message */
  readonly value: string;
  /** `h'...'` obfuscated string */
  readonly obfuscated: boolean;
}
