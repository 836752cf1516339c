/**
 * Type-level tests: `tsc` (run by `npm test`) checks every `@ts-expect-error` below really is an
 * error, so a typo in a column name, an operator on the wrong type or an entity mapping to a
 * column the query does not produce cannot slip through. The vitest part checks the same
 * queries at run time.
 */
import {
  AuditLogs,
  SigninLogs,
  ago,
  count,
  dcount,
  defineTable,
  detection,
  entity,
  from,
  kql,
  makeSet,
} from "kustodian";
import { describe, expect, it } from "vitest";

const ID = "6a1d5ea4-2c4e-4c55-9d0e-3c1e0a6f4b11";
const base = {
  id: ID,
  name: "Type test",
  description: "d",
  severity: "Medium",
  tactics: ["Persistence"],
  techniques: ["T1484.002"],
  version: "1.0.0",
} as const;

describe("typed builder", () => {
  it("rejects misspelled columns at compile time and at run time", () => {
    expect(() =>
      from(AuditLogs).where((r) =>
        // @ts-expect-error OperationNme is not a column of AuditLogs
        r.OperationNme.eq("x"),
      ),
    ).toThrow(/no column 'OperationNme'.*OperationName/);
  });

  it("offers string operators only on strings and comparisons on numbers and datetimes", () => {
    from(AuditLogs).where((r) => r.OperationName.has("domain").and(r.TimeGenerated.gt(ago("1d"))));
    from(AuditLogs).where((r) => r.DurationMs.gt(100));
    // @ts-expect-error `has` is a string operator; DurationMs is a long
    expect(() => from(AuditLogs).where((r) => r.DurationMs.has("x"))).toThrow();
    // @ts-expect-error datetimes compare with datetimes, not strings
    from(AuditLogs).where((r) => r.TimeGenerated.gt("2024-01-01"));
    // @ts-expect-error numbers have no `contains`
    expect(() => from(AuditLogs).where((r) => r.DurationMs.contains("1"))).toThrow();
    // @ts-expect-error a dynamic column needs asString() before string operators
    expect(() => from(AuditLogs).where((r) => r.TargetResources.has("x"))).toThrow();
    // @ts-expect-error where() needs a bool, not a string expression
    expect(() => from(AuditLogs).where((r) => r.OperationName)).toThrow(/predicate/);
  });

  it("tracks the row type through extend, project and summarize", () => {
    const q = from(AuditLogs)
      .extend((r) => ({ Target: r.TargetResources.at(0).prop("displayName").asString() }))
      .project("TimeGenerated", "Target", "OperationName");
    q.where((r) => r.Target.startsWith("contoso"));
    // @ts-expect-error project() dropped InitiatedBy
    expect(() => q.where((r) => r.InitiatedBy.isEmpty())).toThrow(/InitiatedBy/);

    const s = from(SigninLogs).summarize((r) => ({ Attempts: count(), IPs: makeSet(r.IPAddress) }), ["UserPrincipalName"]);
    s.where((r) => r.Attempts.gt(5).and(r.UserPrincipalName.endsWith("@contoso.com")));
    // @ts-expect-error summarize() replaced the columns; IPAddress is gone
    expect(() => s.where((r) => r.IPAddress.eq("1.2.3.4"))).toThrow();
    // @ts-expect-error aggregates are long; no string operators on them
    expect(() => s.where((r) => r.Attempts.has("5"))).toThrow();
    expect(s.columns).toEqual({ UserPrincipalName: "string", Attempts: "long", IPs: "dynamic" });
  });

  it("types join output with Kusto's suffix for clashing right-side columns", () => {
    const left = from(SigninLogs).project("UserPrincipalName", "IPAddress");
    const r2 = from(SigninLogs).summarize((r) => ({ Seen: dcount(r.IPAddress) }), ["UserPrincipalName"]);
    const j = left.join("inner", r2, ["UserPrincipalName"]);
    j.where((r) => r.UserPrincipalName1.eq(r.UserPrincipalName).and(r.Seen.gt(1)));
    expect(Object.keys(j.columns)).toEqual(["UserPrincipalName", "IPAddress", "UserPrincipalName1", "Seen"]);
    const anti = left.join("leftanti", r2, ["UserPrincipalName"]);
    // @ts-expect-error leftanti keeps only the left columns
    expect(() => anti.where((r) => r.Seen.gt(1))).toThrow();
    // @ts-expect-error join keys must exist on both sides
    expect(() => left.join("inner", r2, ["IPAddress"])).toThrow();
  });
});

describe("more compile-time checks", () => {
  it("rejects bad step arguments", () => {
    // @ts-expect-error project() names existing columns only
    expect(() => from(AuditLogs).project("TimeGenerated", "Nope")).toThrow(/Nope/);
    // @ts-expect-error mvExpand() of a column needs a dynamic column
    expect(() => from(AuditLogs).mvExpand("OperationName")).toThrow(/not dynamic/);
    // @ts-expect-error join kinds are Kusto's
    expect(() => from(AuditLogs).join("outer", from(AuditLogs), ["Id"])).toThrow(/unknown kind 'outer'/);
    // @ts-expect-error timespans are written like 5m, 1h, 14d
    expect(() => ago("1 day")).toThrow(/timespan/);
    // @ts-expect-error summarize() takes aggregations, not plain expressions
    expect(() => from(AuditLogs).summarize((r) => ({ N: r.DurationMs }), ["Category"])).toThrow(/aggregation/);
    // @ts-expect-error sort() names an existing column
    expect(() => from(AuditLogs).sort("Nope")).toThrow();
  });

  it("types computed by-keys and renames", () => {
    const q = from(SigninLogs)
      .summarize({ N: count() }, (r) => ({ Hour: r.TimeGenerated.bin("1h"), User: r.UserPrincipalName.toLower() }))
      .projectRename({ Upn: "User" });
    q.where((r) => r.Hour.gt(ago("1d")).and(r.Upn.endsWith("@contoso.com")).and(r.N.ge(2)));
    // @ts-expect-error User was renamed to Upn
    expect(() => q.where((r) => r.User.eq("x"))).toThrow();
    expect(q.columns).toEqual({ Hour: "datetime", Upn: "string", N: "long" });
  });
});

describe("detection() entity mappings", () => {
  const q = from(AuditLogs)
    .where((r) => r.OperationName.eq("Set domain authentication"))
    .extend((r) => ({ Actor: r.InitiatedBy.path("user", "userPrincipalName").asString() }))
    .project("TimeGenerated", "Actor", "OperationName");

  it("accepts mappings to output columns", () => {
    const d = detection({
      ...base,
      query: q,
      entities: [
        { entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "Actor" }] },
        entity("Account", { Name: "Actor" }),
      ],
      customDetails: { Operation: "OperationName" },
    });
    expect(d.kind).toBe("kustodian.detection");
    expect(d.query.kind).toBe("kustodian.built");
  });

  it("rejects mappings to columns the query does not produce", () => {
    detection({
      ...base,
      query: q,
      // @ts-expect-error InitiatedBy was projected away
      entities: [{ entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "InitiatedBy" }] }],
    });
    detection({
      ...base,
      query: q,
      // @ts-expect-error entity() keeps the column name literal, so this is checked too
      entities: [entity("IP", { Address: "IPAddress" })],
    });
    detection({
      ...base,
      query: q,
      // @ts-expect-error Address is not an Account identifier
      entities: [{ entityType: "Account", fieldMappings: [{ identifier: "Address", columnName: "Actor" }] }],
    });
    detection({
      ...base,
      query: q,
      // @ts-expect-error custom details name output columns
      customDetails: { Operation: "Operation" },
    });
  });

  it("leaves raw KQL mappings to the loader", () => {
    const d = detection({
      ...base,
      query: kql`AuditLogs | where OperationName == ${"Set domain authentication"}`,
      entities: [{ entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "Anything" }] }],
    });
    expect(d.query.kind).toBe("kustodian.kql");
  });
});

describe("custom tables", () => {
  it("types defineTable in both shapes", () => {
    const A = defineTable("MyApp_CL", { TimeGenerated: "datetime", User_s: "string", Count_d: "real" });
    const B = defineTable({
      Name: "Watchlist_CL",
      Properties: [
        { Name: "SearchKey", Type: "String" },
        { Name: "Added", Type: "DateTime" },
      ],
    } as const);
    from(A).where((r) => r.User_s.has("x").and(r.Count_d.gt(1.5)));
    from(B).where((r) => r.SearchKey.eqCi("x").and(r.Added.gt(ago("7d"))));
    // @ts-expect-error User is not a column of MyApp_CL
    expect(() => from(A).where((r) => r.User.has("x"))).toThrow();
    expect(B.columns).toEqual({ SearchKey: "string", Added: "datetime" });
  });
});

describe("alert details override", () => {
  const q = from(AuditLogs).project("TimeGenerated", "OperationName", "Identity");
  it("checks {{Column}} placeholders and column names against the query", () => {
    detection({ ...base, query: q, alertDetailsOverride: { alertDisplayNameFormat: "{{OperationName}} by {{Identity}}", alertSeverityColumnName: "Identity" } });
    detection({
      ...base,
      query: q,
      // @ts-expect-error Actor is not an output column
      alertDetailsOverride: { alertDisplayNameFormat: "{{OperationName}} by {{Actor}}" },
    });
    detection({
      ...base,
      query: q,
      // @ts-expect-error Severity is not an output column
      alertDetailsOverride: { alertSeverityColumnName: "Severity" },
    });
    detection({ ...base, query: kql`AuditLogs`, alertDetailsOverride: { alertDescriptionFormat: "{{Anything}}" } });
  });
});
