/** Every validation check, by id. Ids are stable: waivers, SARIF and scripts refer to them. */
import type { RuleCheck } from "./check.js";
import { ALERT_OVERRIDE_CHECKS } from "./checks/alert-override.js";
import { ATTACK_CHECKS } from "./checks/attack.js";
import { CLASSIFICATION_CHECKS } from "./checks/classification.js";
import { CONNECTOR_CHECKS } from "./checks/connectors.js";
import { CUSTOM_DETAIL_CHECKS } from "./checks/custom-details.js";
import { ENTITY_CHECKS } from "./checks/entities.js";
import { IDENTITY_CHECKS } from "./checks/identity.js";
import { INCIDENT_GROUPING_CHECKS } from "./checks/incident-grouping.js";
import { KQL_EVALUATOR_CHECKS } from "./checks/kql-evaluator.js";
import { KQL_SEMANTIC_CHECKS } from "./checks/kql-semantic.js";
import { LOCK_CHECKS } from "./checks/lock.js";
import { LOOKBACK_CHECKS } from "./checks/lookback.js";
import { NON_ASCII_CHECKS } from "./checks/non-ascii.js";
import { OUTPUT_COLUMN_CHECKS } from "./checks/output-columns.js";
import { SCHEDULE_CHECKS } from "./checks/schedule.js";
import { TEST_CASE_CHECKS } from "./checks/test-cases.js";
import { TESTS_REQUIRED_CHECKS } from "./checks/tests-required.js";
import { THREAT_INTEL_CHECKS } from "./checks/threat-intel.js";

/** Checks about waivers themselves; run by the validator, listed here for SARIF and docs. */
export const WAIVER_CHECKS: readonly RuleCheck[] = [
  {
    id: "waiver-invalid",
    group: "waivers",
    severity: "error",
    waivable: false,
    title: "Waivers name a known check and give a reason",
    help: "A waiver is `{ check: \"<check id>\", reason: \"why this rule is an exception\" }`; `kustodian validate --list-checks` lists the ids.",
  },
  {
    id: "waiver-unused",
    group: "waivers",
    severity: "warning",
    waivable: false,
    title: "Waivers suppress something",
    help: "The waived check reports nothing for this rule: remove the waiver so it cannot hide a future problem.",
  },
];

export const CHECKS: readonly RuleCheck[] = [
  ...IDENTITY_CHECKS,
  ...CLASSIFICATION_CHECKS,
  ...SCHEDULE_CHECKS,
  ...ENTITY_CHECKS,
  ...CUSTOM_DETAIL_CHECKS,
  ...ALERT_OVERRIDE_CHECKS,
  ...CONNECTOR_CHECKS,
  ...THREAT_INTEL_CHECKS,
  ...NON_ASCII_CHECKS,
  ...ATTACK_CHECKS,
  ...OUTPUT_COLUMN_CHECKS,
  ...INCIDENT_GROUPING_CHECKS,
  ...LOOKBACK_CHECKS,
  ...KQL_SEMANTIC_CHECKS,
  ...KQL_EVALUATOR_CHECKS,
  ...LOCK_CHECKS,
  ...TESTS_REQUIRED_CHECKS,
  ...TEST_CASE_CHECKS,
  ...WAIVER_CHECKS,
];

export const CHECKS_BY_ID: ReadonlyMap<string, RuleCheck> = new Map(CHECKS.map((c) => [c.id, c]));
