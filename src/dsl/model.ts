/**
 * The detection model: what a detection file declares (`DetectionSpec`) and what the loader
 * hands to every target, the validator and the test runner (`CompiledDetection`).
 *
 * Plain, immutable data. No classes and no `instanceof`: detection files may be loaded
 * through a different module instance than the CLI's, so every check is structural.
 */
import type { Script } from "../kql/ast.js";

export type Severity = "Informational" | "Low" | "Medium" | "High";
export type RuleKind = "Scheduled" | "NRT";
export type RuleStatus = "Available" | "Experimental" | "Deprecated";

/** Sentinel's tactic names (ATT&CK tactics without spaces, plus the ICS/pre-attack ones Sentinel accepts). */
export type Tactic =
  | "Reconnaissance" | "ResourceDevelopment" | "InitialAccess" | "Execution" | "Persistence"
  | "PrivilegeEscalation" | "DefenseEvasion" | "CredentialAccess" | "Discovery" | "LateralMovement"
  | "Collection" | "CommandAndControl" | "Exfiltration" | "Impact"
  | "ImpairProcessControl" | "InhibitResponseFunction" | "PreAttack";

/** A duration in Sentinel YAML form: `5m`, `1h`, `14d`. Compilers convert to ISO 8601 for ARM. */
export type Duration = `${number}${"m" | "h" | "d"}`;

export type TriggerOperator = "gt" | "lt" | "eq" | "ne";

export type EntityType =
  | "Account" | "Host" | "IP" | "URL" | "AzureResource" | "CloudApplication" | "DNS" | "File"
  | "FileHash" | "Malware" | "Process" | "RegistryKey" | "RegistryValue" | "SecurityGroup"
  | "MailCluster" | "MailMessage" | "Mailbox" | "SubmissionMail";

export interface FieldMapping {
  readonly identifier: string;
  readonly columnName: string;
}

export interface EntityMapping {
  readonly entityType: EntityType;
  readonly fieldMappings: readonly FieldMapping[];
}

export interface AlertDetailsOverride {
  /** May use up to three `{{Column}}` placeholders. */
  readonly alertDisplayNameFormat?: string;
  readonly alertDescriptionFormat?: string;
  readonly alertSeverityColumnName?: string;
  readonly alertTacticsColumnName?: string;
  readonly alertDynamicProperties?: readonly { readonly alertProperty: string; readonly value: string }[];
}

export interface IncidentConfiguration {
  readonly createIncident: boolean;
  readonly grouping?: {
    readonly enabled: boolean;
    readonly reopenClosedIncident?: boolean;
    readonly lookbackDuration?: Duration;
    readonly matchingMethod?: "AllEntities" | "AnyAlert" | "Selected";
    readonly groupByEntities?: readonly EntityType[];
    readonly groupByAlertDetails?: readonly ("DisplayName" | "Severity")[];
    readonly groupByCustomDetails?: readonly string[];
  };
}

export interface RequiredDataConnector {
  readonly connectorId: string;
  readonly dataTypes: readonly string[];
}

/** A waived validation check, with the author's reason; listed in every validate run. */
export interface Waiver {
  readonly check: string;
  readonly reason: string;
}

/** Rows given inline in a test case, or a path (relative to the detection's fixture folder) to a fixture file. */
export type TableInput = string | readonly Readonly<Record<string, unknown>>[];

/** The expected alert count: an exact number, or a comparison such as `">0"`, `">=2"`, `"<5"`. */
export type AlertCountExpectation = number | `${">" | ">=" | "<" | "<=" | "=="}${number}`;

export interface TestCase {
  readonly name: string;
  /** Table name to input rows or fixture file. */
  readonly tables: Readonly<Record<string, TableInput>>;
  /** Watchlist alias (as in `_GetWatchlist('alias')`) to rows or a fixture file; column types are inferred. */
  readonly watchlists?: Readonly<Record<string, TableInput>>;
  /** The instant the scheduled run happens (ISO 8601). */
  readonly now: string;
  readonly alerts: AlertCountExpectation;
  /** Rows (partial: only the listed columns are compared) that must appear in the query result. */
  readonly rows?: readonly Readonly<Record<string, unknown>>[];
  /** Entities the alerts must carry: entity type with identifier values (partial match). */
  readonly entities?: readonly { readonly type: EntityType; readonly [identifier: string]: unknown }[];
  readonly customDetails?: Readonly<Record<string, unknown>>;
  /** A rendered alert title / description (after the override) that some alert must carry. */
  readonly title?: string;
  readonly description?: string;
  /** Run the rule every queryFrequency over this range instead of once at `now`. */
  readonly replay?: { readonly from: string; readonly to: string };
}

export interface DetectionSpec {
  /** A stable GUID; never changes once shipped. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  readonly status?: RuleStatus;
  readonly kind?: RuleKind;
  readonly tactics: readonly Tactic[];
  /** `T1556` or `T1556.007`. */
  readonly techniques: readonly string[];
  /** Scheduled rules only. Defaults: frequency 1h, lookback 1h. */
  readonly schedule?: { readonly frequency: Duration; readonly lookback: Duration };
  /** Scheduled rules only. Default: `gt 0`. */
  readonly trigger?: { readonly operator: TriggerOperator; readonly threshold: number };
  readonly suppression?: { readonly enabled: boolean; readonly duration: Duration };
  readonly eventGrouping?: "SingleAlert" | "AlertPerResult";
  readonly incident?: IncidentConfiguration;
  readonly entities?: readonly EntityMapping[];
  /** Custom detail key to output column. */
  readonly customDetails?: Readonly<Record<string, string>>;
  readonly alertDetailsOverride?: AlertDetailsOverride;
  readonly requiredDataConnectors?: readonly RequiredDataConnector[];
  /** `X.Y.Z` */
  readonly version: string;
  readonly author?: string;
  readonly references?: readonly string[];
  readonly falsePositives?: readonly string[];
  readonly tags?: readonly string[];
  readonly tests?: readonly TestCase[];
  readonly waivers?: readonly Waiver[];
  /** Free-form response guidance for the docs page (Markdown). */
  readonly response?: string;
}

/** A column of a query's output, with its KQL type. */
export interface OutputColumn {
  readonly name: string;
  readonly type: string;
}

/** One detection after loading and compilation: what targets, validation and tests consume. */
export interface CompiledDetection {
  readonly spec: DetectionSpec;
  /** File name without extension; names every generated file. */
  readonly slug: string;
  /** Absolute path of the detection file. */
  readonly file: string;
  /** The query as an AST. */
  readonly ast: Script;
  /** The canonical printed KQL: what ships and what the evaluator runs. */
  readonly kql: string;
  /** The query's output columns as far as the builder or the schema knows them. */
  readonly outputSchema: readonly OutputColumn[];
  /** For raw `kql` queries: where the query text starts in the detection file (1-based), to map diagnostics back. */
  readonly queryOrigin: { readonly line: number; readonly column: number } | null;
}
