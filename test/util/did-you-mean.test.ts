import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closeNames, closestName, didYouMean, editDistance } from "../../src/util/did-you-mean.js";

describe("did-you-mean", () => {
  it("computes the Levenshtein distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("OperationNme", "OperationName")).toBe(1);
  });

  it("is a metric: symmetric, zero only for equal strings, and never above the longer length", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(editDistance(b, a)).toBe(d);
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(editDistance(a, b, 2)).toBe(Math.min(d, 2));
      }),
    );
  });

  it("prefers the same name in another case, then the nearest typo", () => {
    const columns = ["OperationName", "operationname2", "Operation", "TimeGenerated"];
    expect(closestName("operationname", columns)).toBe("OperationName");
    expect(closestName("TimeGenrated", columns)).toBe("TimeGenerated");
    expect(closestName("Category", columns)).toBeNull();
    expect(closeNames("Operation", columns)).toEqual(["Operation", "OperationName", "operationname2"]);
  });

  it("formats the hint", () => {
    expect(didYouMean("UserPrincipleName", ["UserPrincipalName"])).toBe(" (did you mean 'UserPrincipalName'?)");
    expect(didYouMean("xyz", ["UserPrincipalName"])).toBe("");
    expect(didYouMean("userprincipalname", ["UserPrincipalName"])).toBe(" (did you mean 'UserPrincipalName'? names are case-sensitive)");
  });
});
