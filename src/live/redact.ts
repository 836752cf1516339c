/**
 * Secrets never reach the terminal: every message the live commands print passes through
 * `redactSecrets`, which blanks bearer tokens, JWTs, Authorization headers and the usual
 * secret-bearing fields (client secrets, access tokens, passwords, SAS signatures).
 */
const RULES: readonly (readonly [RegExp, string])[] = [
  // `Authorization: Bearer x`, `"authorization":"Bearer x"`, `authorization=...`
  [/(authorization["']?\s*[:=]\s*["']?)(?:bearer\s+)?[^"'\s,}]+/gi, "$1<redacted>"],
  // `Bearer <token>`, but not prose about the scheme ("sends bearer tokens only over TLS"):
  // a whole word such as `tokens` or `authentication` is no token.
  [/\bbearer\s+(?!(?:tokens?|auth|authentication|authorization|scheme|headers?|credentials?)(?![A-Za-z0-9\-._~+/=]))[A-Za-z0-9\-._~+/]+=*/gi, "Bearer <redacted>"],
  // JWTs: three base64url segments, the first starting with `ey` (`{"`).
  [/\bey[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, "<redacted-jwt>"],
  [
    /((?:client[_-]?secret|access[_-]?token|refresh[_-]?token|id[_-]?token|password|passwd|secret|sig|api[_-]?key|x-ms-token[\w-]*)["']?\s*[:=]\s*["']?)[^"'\s&,}]+/gi,
    "$1<redacted>",
  ],
];

/** Tokens the user gave Kustodian: blanked wherever they appear, whatever surrounds them. */
const TOKEN_VARIABLES = ["KUSTODIAN_LIVE_TOKEN", "KUSTODIAN_SERVE_TOKEN"] as const;

export function redactSecrets(text: string): string {
  let out = text;
  for (const name of TOKEN_VARIABLES) {
    const token = process.env[name];
    if (token !== undefined && token.length >= 4) out = out.split(token).join("<redacted>");
  }
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
