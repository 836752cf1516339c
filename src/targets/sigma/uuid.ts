/** Name-based UUIDs (RFC 9562 version 5): the same detection GUID always gives the same Sigma id. */
import { createHash } from "node:crypto";

/** Kustodian's namespace for Sigma ids: uuidv5(URL namespace, "https://kustodian.dev/sigma"), fixed forever. */
export const SIGMA_NAMESPACE = "2d7dabd3-7fb1-5937-acad-e68e3a00de18";

export function uuidv5(name: string, namespace: string = SIGMA_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
