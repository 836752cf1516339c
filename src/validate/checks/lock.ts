/** Version lock checks: a changed rule has a new version, ids never change, every rule is locked (matched by id). */
import type { RuleCheck } from "../check.js";
import { LOCK_FILE_NAME, lockStatus } from "../lock.js";

export const LOCK_CHECKS: readonly RuleCheck[] = [
  {
    id: "lock-unbumped",
    group: "lock",
    severity: "error",
    title: "A changed rule has a new version",
    help: `The rule's compiled form differs from ${LOCK_FILE_NAME} but its version is the same. Raise the version (kustodian lock --bump does it) so Sentinel and Content Hub see the update.`,
    check: (d, ctx) => {
      const entry = ctx.lockEntryOf(d);
      if (lockStatus(d, entry, ctx.hashOf(d)) !== "unbumped") return [];
      return [{ message: `the rule changed since ${LOCK_FILE_NAME} recorded version ${entry?.version}, but its version was not raised (run \`kustodian lock --bump\`)`, at: { path: ["version"] } }];
    },
  },
  {
    id: "lock-version-decreased",
    group: "lock",
    severity: "error",
    title: "Versions never go down",
    help: `A rule's version must not be lower than the one recorded in ${LOCK_FILE_NAME}.`,
    check: (d, ctx) => {
      const entry = ctx.lockEntryOf(d);
      if (lockStatus(d, entry, ctx.hashOf(d)) !== "version-decreased") return [];
      return [{ message: `version ${d.spec.version} is lower than ${entry?.version} recorded in ${LOCK_FILE_NAME}`, at: { path: ["version"] } }];
    },
  },
  {
    id: "lock-id-changed",
    group: "lock",
    severity: "error",
    title: "A rule's id never changes",
    help: `Sentinel identifies a rule by its id: a new id deploys a second rule beside the old one. Restore the id recorded in ${LOCK_FILE_NAME}; to replace a rule on purpose, give it a new file name (slug).`,
    check: (d, ctx) => {
      const entry = ctx.lockEntryOf(d);
      if (lockStatus(d, entry, ctx.hashOf(d)) !== "id-changed") return [];
      return [{ message: `id changed from ${entry?.id} (recorded in ${LOCK_FILE_NAME}) to ${d.spec.id}`, at: { path: ["id"] } }];
    },
  },
  {
    id: "lock-missing",
    group: "lock",
    severity: "error",
    title: "Every rule is recorded in the lock",
    help: `Run \`kustodian lock\` to record new rules in ${LOCK_FILE_NAME}, so later changes are checked for a version bump.`,
    check: (d, ctx) => {
      if (!ctx.lock || ctx.lockEntryOf(d)) return [];
      return [{ message: `not recorded in ${LOCK_FILE_NAME} (run \`kustodian lock\`)`, at: { path: ["id"] } }];
    },
  },
  {
    id: "lock-stale",
    group: "lock",
    severity: "warning",
    title: "The lock records the rule's current version",
    help: `The rule's version was raised but ${LOCK_FILE_NAME} still records the old one. Run \`kustodian lock\` and commit the lock with the change.`,
    check: (d, ctx) => {
      const entry = ctx.lockEntryOf(d);
      const status = lockStatus(d, entry, ctx.hashOf(d));
      if (status !== "bumped" && status !== "version-only") return [];
      return [{ message: `${LOCK_FILE_NAME} records version ${entry?.version}; run \`kustodian lock\` to record ${d.spec.version}`, at: { path: ["version"] } }];
    },
  },
];
