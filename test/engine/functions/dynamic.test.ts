import { describe, expect, it } from "vitest";
import { dyn } from "../../../src/engine/values.js";
import { call, dt, J, str, ts } from "./call.js";

describe("arrays", () => {
  it("array_length (doc example) and non-arrays", () => {
    expect(call("array_length", J('[1, 2, 3, "four"]'))).toBe(4);
    expect(call("array_length", J('{"a":1}'))).toBeNull();
    expect(call("array_length", "[1,2]")).toBe(2);
  });
  it("array_concat and pack_array (doc examples)", () => {
    expect(str("array_concat", call("pack_array", 1, 2, 4), call("pack_array", 1, 2))).toBe("[1,2,4,1,2]");
    expect(str("pack_array", 1, "2", ts("2s"))).toBe('[1,"2","00:00:02"]');
  });
  it("array_slice(arr, -3, -2) (doc example) and clamping", () => {
    expect(str("array_slice", J("[1,2,3,4,5]"), -3, -2)).toBe("[3,4]");
    expect(str("array_slice", J("[1,2,3,4,5]"), 1, 3)).toBe("[2,3,4]");
    expect(str("array_slice", J("[1,2,3,4,5]"), 2, -1)).toBe("[3,4,5]");
    expect(str("array_slice", J("[1,2,3]"), 2, 1)).toBe("[]");
  });
  it("array_index_of (doc examples)", () => {
    const arr = J('["this", "is", "an", "example", "an", "example"]');
    expect(call("array_index_of", arr, "an")).toBe(2);
    expect(call("array_index_of", arr, "example", 1, 3)).toBe(3);
    expect(call("array_index_of", arr, "example", 1, 2)).toBe(-1);
    expect(call("array_index_of", arr, "is", 2, 4)).toBe(-1);
    expect(call("array_index_of", arr, "example", 2, -1)).toBe(3);
    expect(call("array_index_of", arr, "an", 1, -1, 2)).toBe(4);
    expect(call("array_index_of", arr, "an", 1, -1, 3)).toBe(-1);
    expect(call("array_index_of", arr, "an", -3)).toBe(4);
    expect(call("array_index_of", arr, "is", -4)).toBe(-1);
  });
  it("array_sort_asc / array_sort_desc (doc examples)", () => {
    expect(str("array_sort_asc", J("[1,3,4,5,2]"), J('["a","b","c","d","e"]'))).toBe(
      '[[1,2,3,4,5],["a","e","b","c","d"]]',
    );
    expect(str("array_sort_desc", J("[1,3,4,5,2]"), J('["a","b","c","d","e"]'))).toBe(
      '[[5,4,3,2,1],["d","c","b","e","a"]]',
    );
    expect(str("array_sort_asc", J('[null,"blue","yellow","green",null]'))).toBe('["blue","green","yellow",null,null]');
    expect(str("array_sort_asc", J('[null,"blue","yellow","green",null]'), false)).toBe(
      '[null,null,"blue","green","yellow"]',
    );
    const times = dyn([dt("2019-07-15"), dt("2019-07-02"), dt("2019-07-22")]);
    expect(str("array_sort_asc", times, J('["chmod","ls","dir"]'))).toContain('["ls","chmod","dir"]');
  });
  it("array_reverse, array_split, array_sum (doc examples)", () => {
    expect(str("array_reverse", J('["this", "is", "an", "example"]'))).toBe('["example","an","is","this"]');
    expect(str("array_split", J("[1,2,3,4,5]"), 2)).toBe("[[1,2],[3,4,5]]");
    expect(str("array_split", J("[1,2,3,4,5]"), J("[1,3]"))).toBe("[[1],[2,3],[4,5]]");
    expect(call("array_sum", J("[1,2,3.5]"))).toBe(6.5);
    expect(call("array_sum", J('[1,"x"]'))).toBeNull();
  });
  it("array_iff (doc examples)", () => {
    expect(str("array_iff", J("[true,false,true]"), J("[1,2,3]"), J("[4,5,6]"))).toBe("[1,5,3]");
    expect(str("array_iff", J("[1,0,50]"), "yes", "no")).toBe('["yes","no","yes"]');
    expect(str("array_iff", J('["some string value", "x", null]'), 1, 0)).toBe("[null,null,null]");
    expect(str("array_iff", J("[true,true,true]"), J("[1,2]"), J("[3,4]"))).toBe("[1,2,null]");
  });
  it("array_rotate_* and array_shift_* (doc examples)", () => {
    const a = J("[1,2,3,4,5]");
    expect(str("array_rotate_left", a, -2)).toBe("[4,5,1,2,3]");
    expect(str("array_rotate_right", a, 2)).toBe("[4,5,1,2,3]");
    expect(str("array_rotate_right", a, -2)).toBe("[3,4,5,1,2]");
    expect(str("array_shift_right", a, 2)).toBe("[null,null,1,2,3]");
    expect(str("array_shift_right", a, 2, -1)).toBe("[-1,-1,1,2,3]");
    expect(str("array_shift_right", a, -2, -1)).toBe("[3,4,5,-1,-1]");
    expect(str("array_shift_left", a, 2)).toBe("[3,4,5,null,null]");
  });
  it("zip (doc examples)", () => {
    expect(str("zip", J("[1,3,5]"), J("[2,4,6]"))).toBe("[[1,2],[3,4],[5,6]]");
    expect(str("zip", J('["A", 1, 1.5]'), J('[{}, "B"]'))).toBe('[["A",{}],[1,"B"],[1.5,null]]');
  });
  it("range (doc examples)", () => {
    expect(str("range", 1, 8, 3)).toBe("[1,4,7]");
    const days = call("range", dt("2007-01-01"), dt("2007-12-31"), ts("1d"));
    expect(call("array_length", days)).toBe(365);
    expect(str("range", 5, 1, -2)).toBe("[5,3,1]");
    expect(str("range", 1, 3)).toBe("[1,2,3]");
  });
});

describe("sets", () => {
  it("set_has_element, set_union, set_intersect, set_difference (doc examples)", () => {
    expect(call("set_has_element", J('["this", "is", "an", "example"]'), "example")).toBe(true);
    expect(call("set_has_element", J("[1,2]"), 3)).toBe(false);
    expect(str("set_union", J('["A4","A2","A7","A2"]'), J('["A4","A2","A7","A2"]'))).toBe('["A4","A2","A7"]');
    expect(str("set_intersect", J("[1,2,3]"), J("[4,5]"))).toBe("[]");
    expect(str("set_intersect", J("[1,2,3]"), J("[3,2,9]"))).toBe("[2,3]");
    expect(str("set_difference", J("[1,2,1,4]"), J("[1,2]"), J("[1,2,8]"))).toBe("[4]");
    expect(str("set_difference", J("[1,2,3]"), J("[1,2,3]"))).toBe("[]");
  });
  it("jaccard_index([1,2,3], [1,2,3,4]) is 0.75 (doc example)", () => {
    expect(call("jaccard_index", J("[1,2,3]"), J("[1,2,3,4]"))).toBe(0.75);
  });
});

describe("property bags", () => {
  it("bag_keys (doc example): bags give keys, other values null", () => {
    expect(str("bag_keys", J('{"a":"b","c":123}'))).toBe('["a","c"]');
    expect(str("bag_keys", J("{}"))).toBe("[]");
    expect(call("bag_keys", J("null"))).toEqual(dyn(null));
    expect(call("bag_keys", J('"a"'))).toEqual(dyn(null));
    expect(call("bag_keys", J("[]"))).toEqual(dyn(null));
  });
  it("bag_has_key with plain keys and JSONPath (doc example)", () => {
    expect(call("bag_has_key", J('{"key1":123,"key2":"abc"}'), "key2")).toBe(true);
    expect(call("bag_has_key", J('{"key1":123,"key3":"abc"}'), "key2")).toBe(false);
    expect(call("bag_has_key", J('{"a":{"b":1}}'), "$.a.b")).toBe(true);
  });
  it("bag_merge keeps the first value of a duplicated key", () => {
    expect(str("bag_merge", J('{"a":1,"b":2}'), J('{"b":3,"c":4}'))).toBe('{"a":1,"b":2,"c":4}');
  });
  it("bag_remove_keys with keys and paths (doc examples)", () => {
    expect(str("bag_remove_keys", J('{"key1":123,"key2":"abc"}'), J('["key2","key4"]'))).toBe('{"key1":123}');
    expect(
      str("bag_remove_keys", J('{"key1":123,"key2":{"prop1":"abc","prop2":"xyz"},"key3":[100,200]}'), J('["$.key2.prop1","key3"]')),
    ).toBe('{"key1":123,"key2":{"prop2":"xyz"}}');
  });
  it("bag_set_key (doc examples)", () => {
    expect(str("bag_set_key", J('{"key1":1,"key2":2}'), "key3", 3)).toBe('{"key1":1,"key2":2,"key3":3}');
    expect(str("bag_set_key", J('{"key1":1,"key3":"abc"}'), "key3", 3)).toBe('{"key1":1,"key3":3}');
    expect(str("bag_set_key", J('{"key1":123}'), "$.key2.prop1", "abc")).toBe('{"key1":123,"key2":{"prop1":"abc"}}');
  });
  it("bag_zip (doc examples)", () => {
    expect(str("bag_zip", J('["a","b","c"]'), J('[1,"2",3.4]'))).toBe('{"a":1,"b":"2","c":3.4}');
    expect(str("bag_zip", J('["a","b","c"]'), J('[1,"2"]'))).toBe('{"a":1,"b":"2","c":null}');
    expect(str("bag_zip", J('["a",8,"b"]'), J('[1,"2",2.5]'))).toBe('{"a":1,"b":2.5}');
    expect(str("bag_zip", J('["a",8,"b"]'), J("1"))).toBe('{"a":null,"b":null}');
    expect(call("bag_zip", J('"a"'), J("[1]"))).toEqual(dyn(null));
  });
  it("bag_pack / pack / pack_dictionary keep key order and typed values", () => {
    expect(str("bag_pack", "Level", "Information", "ProcessID", 1234, "Data", J('{"url":"x"}'))).toBe(
      '{"Level":"Information","ProcessID":1234,"Data":{"url":"x"}}',
    );
    expect(str("pack", "when", dt("2020-01-01"))).toBe('{"when":"2020-01-01T00:00:00.0000000Z"}');
    expect(str("pack_dictionary", "a", null)).toBe('{"a":null}');
    expect(() => call("bag_pack", "a")).toThrow();
  });
  it("extract_json / extractjson (doc examples)", () => {
    const json = '{"name": "John", "age": 30, "city": "New York"}';
    expect(call("extract_json", "$.name", json, "string")).toBe("John");
    expect(call("extract_json", "$.age", json, "long")).toBe(30);
    expect(call("extractjson", "$.name", json)).toBe("John");
    expect(call("extract_json", "$.missing", json)).toBe("");
    expect(call("extract_json", "$.a[1].b", '{"a":[{"b":1},{"b":2}]}', "int")).toBe(2);
    expect(call("extract_json", "$['city']", json)).toBe("New York");
  });
});
