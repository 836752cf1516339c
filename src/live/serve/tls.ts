/**
 * Checks `serve --tls-cert/--tls-key` before the server starts, so a swapped or wrong file is
 * a one-line usage error naming the flag and file instead of an OpenSSL code at listen time.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";
import { isIP } from "node:net";

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

/**
 * A warning when the certificate does not name `host` (clients then refuse it with "does not
 * match certificate's altnames"), else null.
 */
export function tlsHostWarning(certPem: string | Buffer, host: string): string | null {
  const cert = new X509Certificate(certPem);
  const covered = isIP(host) ? cert.checkIP(host) : cert.checkHost(host);
  if (covered !== undefined) return null;
  return `the --tls-cert certificate does not name ${host} (subjectAltName: ${cert.subjectAltName ?? "none"}): clients will refuse it; add it, e.g. openssl ... -addext subjectAltName=IP:127.0.0.1,DNS:localhost`;
}

function looksLikeKey(pem: string | Buffer): boolean {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem.toString());
}

function looksLikeCertificate(pem: string | Buffer): boolean {
  return pem.toString().includes("-----BEGIN CERTIFICATE-----");
}
