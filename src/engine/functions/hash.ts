/** Hash functions: hash / hash_xxhash64 (XXH64, seed 0), hash_md5, hash_sha1, hash_sha256. */
import { createHash } from "node:crypto";
import { valueToString } from "../format.js";
import { isDateTime, isTimespan, type Value } from "../values.js";
import { asInteger, asString } from "./coerce.js";
import { fn, FunctionError, type ScalarFunction } from "./types.js";

const M64 = (1n << 64n) - 1n;
const P1 = 11400714785074694791n;
const P2 = 14029467366897019727n;
const P3 = 1609587929392839161n;
const P4 = 9650029242287828579n;
const P5 = 2870177450012600261n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & M64;
const mul = (a: bigint, b: bigint): bigint => (a * b) & M64;

function round(acc: bigint, input: bigint): bigint {
  return mul(rotl((acc + mul(input, P2)) & M64, 31n), P1);
}

function mergeRound(acc: bigint, val: bigint): bigint {
  return (mul(acc ^ round(0n, val), P1) + P4) & M64;
}

/** XXH64 of the bytes with seed 0, as an unsigned 64-bit bigint. */
export function xxhash64(bytes: Uint8Array): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = bytes.length;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (P1 + P2) & M64;
    let v2 = P2;
    let v3 = 0n;
    let v4 = (0n - P1) & M64;
    while (i + 32 <= len) {
      v1 = round(v1, view.getBigUint64(i, true));
      v2 = round(v2, view.getBigUint64(i + 8, true));
      v3 = round(v3, view.getBigUint64(i + 16, true));
      v4 = round(v4, view.getBigUint64(i + 24, true));
      i += 32;
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & M64;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = P5;
  }
  h = (h + BigInt(len)) & M64;
  while (i + 8 <= len) {
    h ^= round(0n, view.getBigUint64(i, true));
    h = (mul(rotl(h, 27n), P1) + P4) & M64;
    i += 8;
  }
  if (i + 4 <= len) {
    h ^= mul(BigInt(view.getUint32(i, true)), P1);
    h = (mul(rotl(h, 23n), P2) + P3) & M64;
    i += 4;
  }
  while (i < len) {
    h ^= mul(BigInt(bytes[i]), P5);
    h = mul(rotl(h, 11n), P1);
    i++;
  }
  h ^= h >> 33n;
  h = mul(h, P2);
  h ^= h >> 29n;
  h = mul(h, P3);
  h ^= h >> 32n;
  return h;
}

/** The bytes Kusto hashes: UTF-8 text for strings, the 8-byte little-endian value for numbers and ticks. */
function hashBytes(v: Value): Uint8Array {
  if (typeof v === "number" && Number.isInteger(v)) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, BigInt(v), true);
    return b;
  }
  if (typeof v === "number") {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    return b;
  }
  if (isDateTime(v) || isTimespan(v)) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigInt64(0, v.ticks, true);
    return b;
  }
  return new TextEncoder().encode(valueToString(v));
}

function hashCall(args: readonly Value[]): Value {
  if (args[0] === null) return null;
  const h = BigInt.asIntN(64, xxhash64(hashBytes(args[0])));
  if (args.length < 2) return Number(h);
  const mod = asInteger(args[1]);
  if (mod === null || mod <= 0) throw new FunctionError("hash", "mod must be a positive integer");
  return Number(BigInt.asUintN(64, h) % BigInt(mod));
}

function digest(algorithm: string): ScalarFunction["call"] {
  return ([v]) => (v === null ? "" : createHash(algorithm).update(asString(v), "utf8").digest("hex"));
}

export const HASH_FUNCTIONS: readonly ScalarFunction[] = [
  fn("hash", 1, 2, "long", hashCall),
  fn("hash_xxhash64", 1, 2, "long", hashCall),
  fn("hash_md5", 1, 1, "string", digest("md5")),
  fn("hash_sha1", 1, 1, "string", digest("sha1")),
  fn("hash_sha256", 1, 1, "string", digest("sha256")),
];
