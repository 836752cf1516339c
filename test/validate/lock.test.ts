/** The version lock: hashing the compiled form, the lock checks in validate, and `runLock` (with --bump). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildLock,
  detectionHash,
  type LockFile,
  lockStatus,
  readLock,
  rewriteVersion,
  runLock,
  serializeLock,
} from "../../src/validate/index.js";
import { stableStringify } from "../../src/validate/lock.js";
import { makeDetection, tempDir, validate, writeFile } from "./helpers.js";

const base = makeDetection();
const lockOf = (...ds: ReturnType<typeof makeDetection>[]): LockFile => buildLock(ds, detectionHash);

describe("detection hash", () => {
  it("is a sha256 of the compiled form, stable across key order and the model's defaults", () => {
    const h = detectionHash(base);
    expect(h).toMatch(/^sha256:[0-9a-f]{64}$/);
    const reordered = makeDetection({ spec: Object.fromEntries(Object.entries(base.spec).reverse()) });
    expect(detectionHash(reordered)).toBe(h);
    const defaults = makeDetection({ spec: { kind: undefined, schedule: undefined, trigger: undefined } });
    expect(detectionHash(defaults)).toBe(h);
  });

  it("changes with the query or shipped metadata, not with version, tests, waivers or response", () => {
    const h = detectionHash(base);
    expect(detectionHash(makeDetection({ kql: `${base.kql}\n| take 10` }))).not.toBe(h);
    expect(detectionHash(makeDetection({ spec: { severity: "High" } }))).not.toBe(h);
    expect(detectionHash(makeDetection({ spec: { customDetails: {} } }))).not.toBe(h);
    expect(detectionHash(makeDetection({ spec: { version: "9.9.9" } }))).toBe(h);
    expect(detectionHash(makeDetection({ spec: { tests: [] } }))).toBe(h);
    expect(detectionHash(makeDetection({ spec: { waivers: [{ check: "name-style", reason: "x" }] } }))).toBe(h);
    expect(detectionHash(makeDetection({ spec: { response: "Call the SOC" } }))).toBe(h);
  });

  it("stableStringify is key-order independent and round-trips through JSON.parse", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = stableStringify(v);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
    expect(stableStringify({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});

describe("lock status", () => {
  const entry = lockOf(base).entries[0];
  it.each([
    ["unchanged", base],
    ["unbumped", makeDetection({ kql: `${base.kql} | take 1` })],
    ["bumped", makeDetection({ kql: `${base.kql} | take 1`, spec: { version: "1.0.1" } })],
    ["version-only", makeDetection({ spec: { version: "1.1.0" } })],
    ["version-decreased", makeDetection({ spec: { version: "0.9.0" } })],
    ["id-changed", makeDetection({ spec: { id: "0b7f6e1a-1111-4c57-8a8e-2d6b1f4a9c02" } })],
  ] as const)("%s", (status, d) => {
    expect(lockStatus(d, entry, detectionHash(d))).toBe(status);
  });
  it("new", () => expect(lockStatus(base, undefined, detectionHash(base))).toBe("new"));
});

describe("lock checks in validate", () => {
  const lock = lockOf(base);
  const run = async (d: ReturnType<typeof makeDetection>, l: LockFile | null = lock) =>
    (await validate([d], { lock: l })).diagnostics.map((x) => `${x.severity}:${x.code}:${x.message}`);

  it("passes an unchanged rule", async () => {
    expect(await run(base)).toEqual([]);
  });
  it("fails a changed rule without a version bump", async () => {
    expect(await run(makeDetection({ kql: `${base.kql} | take 1` }))).toEqual([
      "error:lock-unbumped:the rule changed since detections.lock.json recorded version 1.0.0, but its version was not raised (run `kustodian lock --bump`)",
    ]);
  });
  it("warns (only) when a bumped rule's lock entry is stale", async () => {
    expect(await run(makeDetection({ kql: `${base.kql} | take 1`, spec: { version: "1.0.1" } }))).toEqual([
      "warning:lock-stale:detections.lock.json records version 1.0.0; run `kustodian lock` to record 1.0.1",
    ]);
  });
  it("fails a changed id and a lowered version", async () => {
    expect(await run(makeDetection({ spec: { id: "0b7f6e1a-1111-4c57-8a8e-2d6b1f4a9c02" } }))).toEqual([
      "error:lock-id-changed:id changed from 3f0c6a52-9b1e-4c57-8a8e-2d6b1f4a9c01 (recorded in detections.lock.json) to 0b7f6e1a-1111-4c57-8a8e-2d6b1f4a9c02",
    ]);
    expect(await run(makeDetection({ spec: { version: "0.9.0" } }))).toEqual([
      "error:lock-version-decreased:version 0.9.0 is lower than 1.0.0 recorded in detections.lock.json",
    ]);
  });
  it("points a deleted rule's warning at its entry in the lock file", async () => {
    const root = tempDir();
    writeFile(root, "detections.lock.json", serializeLock(lockOf(base, makeDetection({ slug: "gone", spec: { id: "0b7f6e1a-2222-4c57-8a8e-2d6b1f4a9c03" } }))));
    const { validateDetections } = await import("../../src/validate/index.js");
    const r = await validateDetections([base], { root, semantic: false });
    expect(r.diagnostics.map((x) => [x.code, x.file?.endsWith("detections.lock.json"), x.line, x.column])).toEqual([["lock-stale", true, 5, 5]]);
  });

  it("reports loader errors as findings, without calling the unloaded rule deleted", async () => {
    const root = tempDir();
    writeFile(root, "detections.lock.json", serializeLock(lockOf(base, makeDetection({ slug: "broken", spec: { id: "0b7f6e1a-2222-4c57-8a8e-2d6b1f4a9c03" } }))));
    const { validateDetections } = await import("../../src/validate/index.js");
    const loadDiagnostics = [{ severity: "error" as const, file: "detections/broken.ts", line: 3, column: 1, code: "detection-import", message: "detection file throws on import" }];
    const r = await validateDetections([base], { root, semantic: false, loadDiagnostics });
    expect(r.diagnostics.map((x) => `${x.code}:${x.file}:${x.line}`)).toEqual(["detection-import:detections/broken.ts:3"]);
  });

  it("fails a rule missing from the lock, and warns about entries of deleted rules", async () => {
    expect(await run(makeDetection({ slug: "new-rule", spec: { id: "0b7f6e1a-1111-4c57-8a8e-2d6b1f4a9c02" } }))).toEqual([
      "error:lock-missing:not recorded in detections.lock.json (run `kustodian lock`)",
      `warning:lock-stale:detections.lock.json lists role-member-added (id ${base.spec.id}), which no longer exists (run \`kustodian lock\`)`,
    ]);
  });
  it("tracks a renamed rule by id: unchanged passes, changed without a bump fails", async () => {
    expect(await run(makeDetection({ slug: "renamed-rule" }))).toEqual([]);
    expect(await run(makeDetection({ slug: "renamed-rule", kql: `${base.kql} | take 1` }))).toEqual([
      "error:lock-unbumped:the rule changed since detections.lock.json recorded version 1.0.0, but its version was not raised (run `kustodian lock --bump`)",
    ]);
  });
  it("still reports a changed id for the same slug, unless another rule now carries the recorded id", async () => {
    const otherId = "0b7f6e1a-1111-4c57-8a8e-2d6b1f4a9c02";
    expect(await run(makeDetection({ spec: { id: otherId } }))).toEqual([
      `error:lock-id-changed:id changed from ${base.spec.id} (recorded in detections.lock.json) to ${otherId}`,
    ]);
    // The old rule moved to a new file and a new rule took its file name: one rename, one new rule.
    const moved = makeDetection({ slug: "moved" });
    const fresh = makeDetection({ spec: { id: otherId, name: "Another rule" } });
    const r = await validate([moved, fresh], { lock });
    expect(r.diagnostics.map((x) => `${x.code}:${x.slug}`)).toEqual(["lock-missing:role-member-added"]);
  });
  it("reads format-1 locks (keyed by slug) and matches them by id", async () => {
    const root = tempDir();
    const v1 = { lockVersion: 1, detections: { "role-member-added": { id: base.spec.id, version: "1.0.0", hash: detectionHash(base) } } };
    writeFile(root, "detections.lock.json", JSON.stringify(v1));
    expect(readLock(join(root, "detections.lock.json"))?.entries).toEqual(lock.entries);
    expect(await run(makeDetection({ slug: "renamed-rule" }), readLock(join(root, "detections.lock.json")))).toEqual([]);
  });
  it("reads the lock from the project root, and warns once when there is none", async () => {
    const root = tempDir();
    const none = await validateDetectionsAt(root);
    expect(none).toEqual(["warning:lock-missing:no detections.lock.json: run `kustodian lock` to record rule versions"]);
    writeFile(root, "detections.lock.json", serializeLock(lock));
    expect(await validateDetectionsAt(root)).toEqual([]);
  });

  async function validateDetectionsAt(root: string) {
    const { validateDetections } = await import("../../src/validate/index.js");
    const r = await validateDetections([base], { root, semantic: false });
    return r.diagnostics.map((x) => `${x.severity}:${x.code}:${x.message}`);
  }
});

describe("readLock", () => {
  it("reports malformed lock files with file, line and column", () => {
    const root = tempDir();
    const file = writeFile(root, "detections.lock.json", '{\n  "detections": {\n    "a": {"id": "x", "version": 1}\n  }\n}\n');
    expect(() => readLock(file)).toThrow(`${file}:3:1: lock entry a needs string "slug", "version" and "hash"`);
    writeFile(root, "detections.lock.json", '{\n  "lockVersion": 1,\n  "detections": {\n    "a": {"id": "x", "version": 1}\n  }\n}\n');
    expect(() => readLock(file)).toThrow(`${file}:4:1: lock entry a needs string "id", "version" and "hash"`);
    writeFile(root, "detections.lock.json", '{\n  "detections": {,\n}');
    expect(() => readLock(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:18: invalid JSON`));
  });
});

describe("rewriteVersion", () => {
  const source = `import { detection, kql } from "kustodian";\n\nexport default detection({\n  id: "x",\n  version:   '1.2.3', // keep me\n  query: kql\`T | where version == "1.2.3"\`,\n});\n`;
  it("changes only the version string, keeping quotes, spacing and comments", () => {
    const out = rewriteVersion(source, "1.2.3", "1.2.4");
    expect(out).toBe(source.replace("version:   '1.2.3'", "version:   '1.2.4'"));
  });
  it("refuses when the property is missing or ambiguous", () => {
    expect(() => rewriteVersion(source, "2.0.0", "2.0.1")).toThrow('no `version: "2.0.0"` property found');
    expect(() => rewriteVersion(`${source}const other = { version: "1.2.3" };\n`, "1.2.3", "1.2.4")).toThrow("2 `version: \"1.2.3\"` properties found");
  });
});

describe("runLock", () => {
  function project() {
    const root = tempDir();
    const source = `export default detection({\n  id: "3f0c6a52-9b1e-4c57-8a8e-2d6b1f4a9c01",\n  version: "1.0.0",\n});\n`;
    const file = writeFile(root, "role-member-added.ts", source);
    return { root, file, source };
  }

  it("writes a sorted, deterministic lock for new rules", () => {
    const { root, file } = project();
    const a = makeDetection({ file });
    const b = makeDetection({ slug: "another", file, spec: { id: "0b7f6e1a-1111-4c57-8a8e-2d6b1f4a9c02" } });
    const run = runLock([a, b], { root });
    expect(run.problems).toEqual([]);
    expect(run.added).toEqual(["role-member-added", "another"]);
    const text = readFileSync(join(root, "detections.lock.json"), "utf8");
    // Keyed by id, sorted by slug; the slug is recorded beside the version.
    expect(Object.keys(JSON.parse(text).detections)).toEqual([b.spec.id, a.spec.id]);
    expect(JSON.parse(text).detections[a.spec.id]).toEqual({ slug: "role-member-added", version: "1.0.0", hash: detectionHash(a) });
    expect(runLock([b, a], { root }).written).toBe(false);
    expect(readFileSync(join(root, "detections.lock.json"), "utf8")).toBe(text);
  });

  it("refuses to record a changed rule under its old version, and writes nothing", () => {
    const { root, file } = project();
    runLock([makeDetection({ file })], { root });
    const before = readFileSync(join(root, "detections.lock.json"), "utf8");
    const changed = makeDetection({ file, kql: "AuditLogs | take 1" });
    const run = runLock([changed], { root });
    expect(run.problems.map((p) => p.message)).toEqual(["changed since version 1.0.0 was recorded: raise its version, or run `kustodian lock --bump`"]);
    expect(readFileSync(join(root, "detections.lock.json"), "utf8")).toBe(before);
  });

  it("with bump, raises the patch version in the source file and records it", () => {
    const { root, file, source } = project();
    runLock([makeDetection({ file })], { root });
    const changed = makeDetection({ file, kql: "AuditLogs | take 1" });
    const run = runLock([changed], { root, bump: true });
    expect(run.bumped.map((b) => [b.slug, b.from, b.to])).toEqual([["role-member-added", "1.0.0", "1.0.1"]]);
    expect(readFileSync(file, "utf8")).toBe(source.replace('"1.0.0"', '"1.0.1"'));
    const lock = readLock(join(root, "detections.lock.json"));
    expect(lock?.entries).toEqual([{ id: changed.spec.id, slug: "role-member-added", version: "1.0.1", hash: detectionHash(changed) }]);
    // The bumped rule now validates clean against the new lock.
    const reloaded = makeDetection({ file, kql: "AuditLogs | take 1", spec: { version: "1.0.1" } });
    expect(lockStatus(reloaded, lock?.entries[0], detectionHash(reloaded))).toBe("unchanged");
  });

  it("keeps a renamed rule's entry, and refuses a renamed and changed rule at its old version", () => {
    const { root, file } = project();
    runLock([makeDetection({ file })], { root });
    const renamed = runLock([makeDetection({ slug: "renamed-rule", file })], { root });
    expect([renamed.added, renamed.removed, renamed.renamed, renamed.problems]).toEqual([[], [], [{ from: "role-member-added", to: "renamed-rule" }], []]);
    expect(readLock(join(root, "detections.lock.json"))?.entries.map((e) => e.slug)).toEqual(["renamed-rule"]);
    const changed = runLock([makeDetection({ slug: "again-renamed", file, kql: "AuditLogs | take 1" })], { root });
    expect(changed.problems.map((p) => `${p.slug}: ${p.message}`)).toEqual([
      "again-renamed: changed since version 1.0.0 was recorded: raise its version, or run `kustodian lock --bump`",
    ]);
    expect([changed.added, changed.removed]).toEqual([[], []]);
  });

  it("drops entries of deleted rules", () => {
    const { root, file } = project();
    runLock([makeDetection({ file }), makeDetection({ slug: "gone", file, spec: { id: "0b7f6e1a-1111-4c57-8a8e-2d6b1f4a9c02" } })], { root });
    const run = runLock([makeDetection({ file })], { root });
    expect(run.removed).toEqual(["gone"]);
    expect(readLock(join(root, "detections.lock.json"))?.entries.map((e) => e.slug)).toEqual(["role-member-added"]);
  });
});
