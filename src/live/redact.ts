/**
 * Secrets never reach the terminal: every message the live commands print passes through
 * `redactSecrets`, which blanks bearer tokens, JWTs, Authorization headers and the usual
 * secret-bearing fields (client secrets, access tokens, passwords, SAS signatures).
 */
const RULES: readonly (readonly [RegExp, string])[] = [
  // `Authorization: Bearer x`, `"authorization":"Bearer x"`, `authorization=...`
  [/(authorization["']?\s*[:=]\s*["']?)(?:bearer\s+)?[^"'\s,}]+/gi, "$1<redacted>"],
  [/\bbearer\s+[A-Za-z0-9\-._~+/]+=*/gi, "Bearer <redacted>"],
  // JWTs: three base64url segments, the first starting with `ey` (`{"`).
  [/\bey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, "<redacted-jwt>"],
  [
    /((?:client[_-]?secret|access[_-]?token|refresh[_-]?token|id[_-]?token|password|passwd|secret|sig|api[_-]?key|x-ms-token[\w-]*)["']?\s*[:=]\s*["']?)[^"'\s&,}]+/gi,
    "$1<redacted>",
  ],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
