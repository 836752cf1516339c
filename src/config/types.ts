/** The shape of `kustodian.config.json` / `kustodian.config.ts`. Paths are relative to the config file. */

export interface KustodianConfig {
  /** Folder of detection files (`*.ts`), searched recursively. */
  readonly detections: string;
  /** Folder of fixture tables and case files, one sub-folder per detection slug. */
  readonly fixtures: string;
  /** Folder of handlebars templates that override the built-in ones; null for the built-ins. */
  readonly templates: string | null;
  /** Where `kustodian build` writes its output. */
  readonly generated: string;
  /** Folder of custom table schemas (`*_CL` tables, watchlists) in the custom-table JSON shape; null for none. */
  readonly schemas: string | null;
  readonly arm: {
    /** `Microsoft.SecurityInsights/alertRules` apiVersion used in generated ARM templates. */
    readonly apiVersion: string;
  };
  readonly tests: {
    /** Minimum number of must-alert cases per detection. */
    readonly minAlerting: number;
    /** Minimum number of must-stay-quiet cases per detection. */
    readonly minQuiet: number;
  };
  readonly live: {
    /** Named Log Analytics workspaces: name to workspace id (GUID). Never secrets. */
    readonly workspaces: Readonly<Record<string, string>>;
    /** Workspace name or id used when `--workspace` is not given. */
    readonly defaultWorkspace: string | null;
    /** Log Analytics query endpoint, e.g. `https://api.loganalytics.azure.com/v1`. */
    readonly endpoint: string | null;
  };
  /** Functions the validator should know (name to output columns), e.g. parsers deployed in the workspace. */
  readonly functions: Readonly<Record<string, readonly { readonly name: string; readonly type: string }[]>>;
}

/** What a user writes: every key optional. */
export type KustodianConfigInput = {
  readonly [K in keyof KustodianConfig]?: KustodianConfig[K] extends Readonly<Record<string, unknown>>
    ? Partial<KustodianConfig[K]>
    : KustodianConfig[K];
};

export const DEFAULT_CONFIG: KustodianConfig = {
  detections: "detections",
  fixtures: "fixtures",
  templates: null,
  generated: "generated",
  schemas: null,
  // Preview: NRT rules and subTechniques exist only in preview apiVersions (stable 2025-09-01 has neither).
  arm: { apiVersion: "2025-07-01-preview" },
  tests: { minAlerting: 1, minQuiet: 1 },
  live: { workspaces: {}, defaultWorkspace: null, endpoint: null },
  functions: {},
};

/** Typed helper for `kustodian.config.ts`: `export default defineConfig({...})`. */
export function defineConfig(config: KustodianConfigInput): KustodianConfigInput {
  return config;
}
