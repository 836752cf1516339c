/**
 * The build through its API: what every target writes for hand-made compiled detections
 * (golden structure), determinism, escaping of hostile values, schema failures.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { BuildError, buildArtifacts } from "../../src/targets/index.js";
import { armReadString } from "../../src/targets/escape/json.js";
import { builtinTemplateDir, TemplateError } from "../../src/targets/templates.js";
import { BASE_QUERY, detection } from "./helpers.js";

type Json = Record<string, unknown>;
const json = (files: Map<string, string>, path: string) => JSON.parse(files.get(path) as string) as Json;
const resourceOf = (template: Json) => (template.resources as Json[])[0];
const propsOf = (template: Json) => resourceOf(template).properties as Json;

const scheduled = detection("federation-modified");
const nrt = detection("nrt-rule", {
  id: "1a2b3c4d-0000-4000-8000-00000000000a",
  name: "NRT rule",
  kind: "NRT",
  techniques: ["T1098"],
  tactics: ["Persistence"],
  entities: undefined,
  customDetails: undefined,
});

let tmp = "";
afterEach(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = "";
});

describe("kql and sentinel targets", () => {
  const files = buildArtifacts([scheduled, nrt]);

  it("writes the canonical printed query", () => {
    expect(files.get("kql/federation-modified.kql")).toBe(`${scheduled.kql}\n`);
  });

  it("writes Sentinel YAML in the repository format, in its key order", () => {
    const text = files.get("sentinel/federation-modified.yaml") as string;
    const rule = parseYaml(text) as Json;
    expect(Object.keys(rule)).toEqual([
      "id", "name", "description", "severity", "requiredDataConnectors", "queryFrequency", "queryPeriod",
      "triggerOperator", "triggerThreshold", "tactics", "relevantTechniques", "query", "entityMappings",
      "customDetails", "eventGroupingSettings", "version", "kind", "metadata",
    ]);
    expect(rule).toMatchObject({
      id: scheduled.spec.id,
      queryFrequency: "1h",
      queryPeriod: "1h",
      triggerOperator: "gt",
      triggerThreshold: 0,
      relevantTechniques: ["T1484.002"],
      requiredDataConnectors: [{ connectorId: "AzureActiveDirectory", dataTypes: ["AuditLogs"] }],
      query: scheduled.kql,
      version: "1.0.0",
      kind: "Scheduled",
    });
    expect(text).toContain("query: |-\n  AuditLogs\n  | where");
    expect(text).toMatch(/^[\x00-\x7f]*$/);
  });

  it("leaves schedule and trigger out of NRT rules", () => {
    const rule = parseYaml(files.get("sentinel/nrt-rule.yaml") as string) as Json;
    expect(rule.kind).toBe("NRT");
    for (const key of ["queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"]) expect(rule).not.toHaveProperty(key);
  });
});

describe("ARM target", () => {
  it("writes a deployable template per rule with ISO durations, long operators, incident and grouping settings", () => {
    const files = buildArtifacts([detection("r", { schedule: { frequency: "1h", lookback: "14d" }, trigger: { operator: "gt", threshold: 3 }, suppression: { enabled: true, duration: "2h" }, eventGrouping: "AlertPerResult", incident: { createIncident: true, grouping: { enabled: true, matchingMethod: "Selected", groupByEntities: ["Account"] } }, alertDetailsOverride: { alertDisplayNameFormat: "Change by {{Actor}}" } })]);
    const template = json(files, "arm/r.json");
    expect(template.$schema).toBe("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#");
    expect(Object.keys(template.parameters as Json)).toEqual(["workspace", "enabled"]);
    const resource = resourceOf(template);
    expect(resource).toMatchObject({
      type: "Microsoft.OperationalInsights/workspaces/providers/alertRules",
      name: `[concat(parameters('workspace'),'/Microsoft.SecurityInsights/','${scheduled.spec.id}')]`,
      kind: "Scheduled",
      apiVersion: "2025-07-01-preview",
    });
    expect(resource.properties).toMatchObject({
      displayName: scheduled.spec.name,
      enabled: "[parameters('enabled')]",
      queryFrequency: "PT1H",
      queryPeriod: "P14D",
      triggerOperator: "GreaterThan",
      triggerThreshold: 3,
      suppressionEnabled: true,
      suppressionDuration: "PT2H",
      techniques: ["T1484"],
      subTechniques: ["T1484.002"],
      templateVersion: "1.0.0",
      eventGroupingSettings: { aggregationKind: "AlertPerResult" },
      alertDetailsOverride: { alertDisplayNameFormat: "Change by {{Actor}}" },
      customDetails: { Operation: "OperationName" },
      entityMappings: [{ entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "Actor" }] }],
      incidentConfiguration: {
        createIncident: true,
        groupingConfiguration: { enabled: true, reopenClosedIncident: false, lookbackDuration: "PT5H", matchingMethod: "Selected", groupByEntities: ["Account"] },
      },
    });
    expect(json(files, "arm/r.parameters.json")).toEqual({
      $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
      contentVersion: "1.0.0.0",
      parameters: { enabled: { value: true } },
    });
  });

  it("folds sub-techniques into parents for apiVersions without subTechniques", () => {
    const files = buildArtifacts([scheduled], { apiVersion: "2022-11-01-preview" });
    const props = propsOf(json(files, "arm/federation-modified.json"));
    expect(props.techniques).toEqual(["T1484"]);
    expect(props).not.toHaveProperty("subTechniques");
  });

  it("refuses NRT rules on a stable apiVersion, naming the detection", () => {
    expect(() => buildArtifacts([nrt], { apiVersion: "2025-09-01" })).toThrowError(BuildError);
    try {
      buildArtifacts([nrt], { apiVersion: "2025-09-01" });
    } catch (e) {
      expect((e as BuildError).diagnostics[0]).toMatchObject({ file: nrt.file, message: expect.stringContaining("nrt-rule: NRT rule, but arm.apiVersion 2025-09-01") });
    }
  });

  it("writes NRT resources without schedule fields and a bundle holding every rule", () => {
    const files = buildArtifacts([scheduled, nrt]);
    const nrtProps = propsOf(json(files, "arm/nrt-rule.json"));
    for (const key of ["queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"]) expect(nrtProps).not.toHaveProperty(key);
    const bundle = json(files, "arm/bundle.json");
    expect(Object.keys(bundle.parameters as Json)).toEqual(["workspace"]);
    const resources = bundle.resources as Json[];
    expect(resources.map((r) => r.kind)).toEqual(["Scheduled", "NRT"]);
    expect(resources.map((r) => (r.properties as Json).enabled)).toEqual([true, true]);
    expect(resources[0].properties).toEqual({ ...propsOf(json(files, "arm/federation-modified.json")), enabled: true });
  });

  it("disables deprecated rules by default", () => {
    const files = buildArtifacts([detection("old", { status: "Deprecated" })]);
    expect(json(files, "arm/old.parameters.json")).toMatchObject({ parameters: { enabled: { value: false } } });
  });
});

describe("hostile values", () => {
  const name = `[Tier0] "quoted" 'single' caf\u00e9 \u{1F600} # not a comment: ok]`;
  const description = "line one\nline two with trailing tab\t\n\u0007bell {{x}} *bold* `code` <b>";
  const files = buildArtifacts([detection("hostile", { name, description })]);

  it("survive YAML, JSON and ARM unchanged", () => {
    const yaml = parseYaml(files.get("sentinel/hostile.yaml") as string) as Json;
    expect([yaml.name, yaml.description]).toEqual([name, description]);
    const props = propsOf(json(files, "arm/hostile.json"));
    expect(props.displayName).toBe(`[${name}`); // ARM reads "[[...]" as the literal "[...]"
    expect(armReadString(props.displayName as string)).toBe(name);
    expect(armReadString(props.description as string)).toBe(description);
    const sigma = parseAllDocuments(files.get("sigma/hostile.yml") as string)[0].toJS() as Json;
    expect([sigma.title, sigma.description]).toEqual([name, description]);
  });

  it("never turn into Markdown markup", () => {
    const page = files.get("docs/hostile.md") as string;
    expect(page).toContain("\\*bold\\*");
    expect(page).toContain("\\`code\\`");
    expect(page).toContain("\\<b\\>");
  });
});

describe("manifest and docs", () => {
  const files = buildArtifacts([scheduled, detection("uses-has", { id: "2a2b3c4d-0000-4000-8000-00000000000b", name: "Uses has" }, 'AuditLogs | where OperationName has "federation"')]);

  it("lists every detection with its files relative to the output folder", () => {
    expect(json(files, "manifest.json")).toEqual({
      detections: [
        {
          id: scheduled.spec.id,
          slug: "federation-modified",
          name: scheduled.spec.name,
          version: "1.0.0",
          files: {
            kql: "kql/federation-modified.kql",
            sentinel: "sentinel/federation-modified.yaml",
            arm: "arm/federation-modified.json",
            docs: "docs/federation-modified.md",
            sigma: "sigma/federation-modified.yml",
          },
          sigma: { status: "ok" },
        },
        {
          id: "2a2b3c4d-0000-4000-8000-00000000000b",
          slug: "uses-has",
          name: "Uses has",
          version: "1.0.0",
          files: { kql: "kql/uses-has.kql", sentinel: "sentinel/uses-has.yaml", arm: "arm/uses-has.json", docs: "docs/uses-has.md" },
          sigma: { status: "unsupported", reason: "`has` is a whole-term match; Sigma has no term-match modifier (contains would widen it)" },
        },
      ],
    });
    expect(files.has("sigma/uses-has.yml")).toBe(false);
    for (const entry of (json(files, "manifest.json").detections as { files: Record<string, string> }[])) {
      for (const path of Object.values(entry.files)) expect(files.has(path)).toBe(true);
    }
  });

  it("writes a docs page with every section and an index with ATT&CK coverage", () => {
    const page = files.get("docs/federation-modified.md") as string;
    for (const heading of ["## Data sources", "## Logic", "## MITRE ATT&CK", "## Entities", "## False positives", "## Tests", "## Response"]) expect(page).toContain(heading);
    expect(page).toContain("1. Reads AuditLogs.");
    expect(page).toContain('Keeps rows where OperationName equals "Set domain authentication"');
    expect(page).toContain("[T1484.002 Trust Modification](https://attack.mitre.org/techniques/T1484/002/)");
    expect(page).toContain("- Account: FullName = Actor");
    expect(page).toContain("- quiet day: expects 0 alert(s) (must stay quiet)");
    expect(page).toContain("2. Revert the federation settings.");
    const docsOfHas = files.get("docs/uses-has.md") as string;
    expect(docsOfHas).toContain("Sigma: not generated (\\`has\\` is a whole-term match");
    const index = files.get("docs/index.md") as string;
    expect(index).toContain("| [Federation trust modified](federation-modified.md) | High | Scheduled |");
    expect(index).toMatch(/### DefenseEvasion\n\n- \[T1484\.002\]\(https:\/\/attack\.mitre\.org\/techniques\/T1484\/002\/\) Trust Modification: \[Federation trust modified\]\(federation-modified\.md\), \[Uses has\]\(uses-has\.md\)/);
  });
});

describe("determinism", () => {
  it("builds byte-identical output twice and whatever the input order", () => {
    const many = Array.from({ length: 8 }, (_, i) => detection(`d${i}`, { id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `Rule ${i}` }));
    const a = buildArtifacts(many);
    const b = buildArtifacts([...many].reverse());
    expect([...b.entries()]).toEqual([...a.entries()]);
    for (const content of a.values()) {
      expect(content.endsWith("\n")).toBe(true);
      expect(content).not.toContain("\r");
    }
  });

  it("reports duplicate ids, names and slugs with both files", () => {
    const one = detection("same", {}, BASE_QUERY, "/p/a/same.ts");
    const two = detection("same", {}, BASE_QUERY, "/p/b/same.ts");
    try {
      buildArtifacts([one, two]);
      expect.unreachable();
    } catch (e) {
      const messages = (e as BuildError).diagnostics.map((d) => d.message);
      expect(messages).toEqual([
        'duplicate slug "same", also used by /p/a/same.ts',
        `duplicate id "${one.spec.id}", also used by /p/a/same.ts`,
        `duplicate name "${one.spec.name}", also used by /p/a/same.ts`,
      ]);
    }
  });
});

describe("schemas and templates", () => {
  function templates(files: Record<string, string>): string {
    tmp = mkdtempSync(join(tmpdir(), "kustodian-templates-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text);
    return tmp;
  }

  it("fails with the schema error, naming the template and the detection, when a rule breaks Sentinel limits", () => {
    const d = detection("too-long", { name: "x".repeat(300), schedule: { frequency: "1h", lookback: "15d" } });
    try {
      buildArtifacts([d]);
      expect.unreachable();
    } catch (e) {
      const sentinel = (e as BuildError).diagnostics.find((x) => x.message.includes("sentinel-rule"));
      expect(sentinel?.file).toBe(d.file);
      expect(sentinel?.message).toContain(`too-long: template ${join(builtinTemplateDir(), "sentinel-rule.yaml.hbs")} rendered an invalid artifact:`);
      expect(sentinel?.message).toContain("sentinel-rule /name: must NOT have more than 256 characters");
      expect(sentinel?.message).toContain("sentinel-rule /queryPeriod: must be between 5m and 14d");
    }
  });

  it("checks entity identifiers and technique tactics as Azure-Sentinel CI does", () => {
    const d = detection("bad-entities", {
      entities: [{ entityType: "Account", fieldMappings: [{ identifier: "UPNSuffix", columnName: "Actor" }] }],
      tactics: ["Execution"],
    });
    const messages = (() => {
      try {
        buildArtifacts([d]);
        return [];
      } catch (e) {
        return (e as BuildError).diagnostics.map((x) => x.message).join("\n");
      }
    })();
    expect(messages).toContain("/entityMappings/0: Account needs one of these identifiers: FullName | Sid | Name | AadUserId | PUID | ObjectGuid");
    expect(messages).toContain("no valid tactic corresponding to the technique T1484.002 was provided in the tactics field");
  });

  it("fails when a user template renders an invalid artifact, naming the user template", () => {
    const builtin = readFileSync(join(builtinTemplateDir(), "sentinel-rule.yaml.hbs"), "utf8");
    const dir = templates({ "sentinel-rule.yaml.hbs": builtin.replace("severity:{{yaml rule.severity}}", 'severity:{{yaml "Critical"}}') });
    try {
      buildArtifacts([scheduled], { templatesDir: dir });
      expect.unreachable();
    } catch (e) {
      const [d] = (e as BuildError).diagnostics;
      expect(d.message).toContain(`template ${join(dir, "sentinel-rule.yaml.hbs")} rendered an invalid artifact`);
      expect(d.message).toContain("/severity: must be equal to one of the allowed values");
    }
  });

  it("uses user templates for the files they override and built-ins for the rest", () => {
    const dir = templates({ "doc.md.hbs": "# {{md doc.name}}\n\nOwned by the SOC.\n" });
    const files = buildArtifacts([scheduled], { templatesDir: dir });
    expect(files.get("docs/federation-modified.md")).toBe("# Federation trust modified\n\nOwned by the SOC.\n");
    expect(files.get("sentinel/federation-modified.yaml")).toBe(buildArtifacts([scheduled]).get("sentinel/federation-modified.yaml"));
  });

  it("rejects a template that prints a value without an escaping helper, with its position", () => {
    const dir = templates({ "doc.md.hbs": "# Title\n\nName: {{doc.name}}\n" });
    expect(() => buildArtifacts([scheduled], { templatesDir: dir })).toThrowError(TemplateError);
    expect(() => buildArtifacts([scheduled], { templatesDir: dir })).toThrowError(
      `${join(dir, "doc.md.hbs")}:3:7: {{doc.name}} prints a value without an escaping helper; use one of json, arm, yaml, kql, md, mdcell, mdcode, markdown`,
    );
  });

  it("rejects an unknown apiVersion before building", () => {
    expect(() => buildArtifacts([scheduled], { apiVersion: "latest" })).toThrowError(BuildError);
  });
});

describe("output layout", () => {
  it("has exactly the documented files", () => {
    const files = buildArtifacts([scheduled, nrt]);
    expect([...files.keys()]).toEqual([
      "arm/bundle.json",
      "arm/federation-modified.json",
      "arm/federation-modified.parameters.json",
      "arm/nrt-rule.json",
      "arm/nrt-rule.parameters.json",
      "docs/federation-modified.md",
      "docs/index.md",
      "docs/nrt-rule.md",
      "kql/federation-modified.kql",
      "kql/nrt-rule.kql",
      "manifest.json",
      "sentinel/federation-modified.yaml",
      "sentinel/nrt-rule.yaml",
      "sigma/federation-modified.yml",
      "sigma/nrt-rule.yml",
      "sigma/pipeline.yml",
    ]);
  });
});

describe("NRT limits", () => {
  it("rejects schedule fields a user template adds to an NRT rule", () => {
    const dirPath = mkdtempSync(join(tmpdir(), "kustodian-templates-"));
    try {
      const builtin = readFileSync(join(builtinTemplateDir(), "sentinel-rule.yaml.hbs"), "utf8");
      writeFileSync(join(dirPath, "sentinel-rule.yaml.hbs"), `${builtin}queryFrequency:{{yaml "1h"}}\n`);
      expect(() => buildArtifacts([nrt], { templatesDir: dirPath })).toThrowError(BuildError);
      try {
        buildArtifacts([nrt], { templatesDir: dirPath });
      } catch (e) {
        expect((e as BuildError).diagnostics[0].message).toContain("sentinel-rule /queryFrequency: is not allowed: NRT rules have no schedule or trigger fields");
      }
    } finally {
      rmSync(dirPath, { recursive: true, force: true });
    }
  });
});
