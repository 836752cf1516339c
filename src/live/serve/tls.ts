/**
 * Checks `serve --tls-cert/--tls-key` before the server starts, so a swapped or wrong file is
 * a one-line usage error naming the flag and file instead of an OpenSSL code at listen time.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";

export interface TlsFiles {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

/** A message naming the flag and file at fault, or null when the pair can serve https. */
export function checkTlsPair(tls: TlsFiles, paths: { readonly cert: string; readonly key: string }): string | null {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(tls.cert);
  } catch {
    const hint = looksLikeKey(tls.cert) ? " (it holds a private key: are --tls-cert and --tls-key swapped?)" : "";
    return `--tls-cert ${paths.cert}: not a PEM certificate${hint}`;
  }
  let key: ReturnType<typeof createPrivateKey>;
  try {
    key = createPrivateKey(tls.key);
  } catch {
    const hint = looksLikeCertificate(tls.key) ? "it holds a certificate: are --tls-cert and --tls-key swapped?" : "an unencrypted PEM key is needed";
    return `--tls-key ${paths.key}: not a PEM private key (${hint})`;
  }
  if (!cert.checkPrivateKey(key)) return `--tls-key ${paths.key} is not the private key of --tls-cert ${paths.cert}`;
  return null;
}

function looksLikeKey(pem: string | Buffer): boolean {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem.toString());
}

function looksLikeCertificate(pem: string | Buffer): boolean {
  return pem.toString().includes("-----BEGIN CERTIFICATE-----");
}
