/**
 * A detection's status in every artifact, from one table. Sentinel takes the author's status
 * as is (none written when unset: Sentinel then treats the rule as Available). Sigma's values
 * (`stable`, `test`, `experimental`, `deprecated`, `unsupported`) describe maturity: only a rule
 * its author declared Available is `stable`; an unset status is `test`, since every Kustodian
 * rule ships with passing fixture tests but nobody vouched for it in production.
 */
import type { RuleStatus } from "../dsl/model.js";

export type SigmaStatus = "stable" | "test" | "experimental" | "deprecated";

export interface StatusView {
  /** What the rule's documentation page shows. */
  readonly docs: string;
  readonly sigma: SigmaStatus;
}

const STATUS_VIEWS: Readonly<Record<RuleStatus | "unset", StatusView>> = {
  Available: { docs: "Available", sigma: "stable" },
  Experimental: { docs: "Experimental", sigma: "experimental" },
  Deprecated: { docs: "Deprecated", sigma: "deprecated" },
  unset: { docs: "not set (Sentinel treats it as Available)", sigma: "test" },
};

export function statusView(status: RuleStatus | undefined): StatusView {
  return STATUS_VIEWS[status ?? "unset"];
}
