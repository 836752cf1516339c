import { describe, expect, it } from "vitest";
import { FunctionError } from "../../../src/engine/functions/index.js";
import { dyn } from "../../../src/engine/values.js";
import { call, callTyped, dt, J, str, ts } from "./call.js";

describe("length and case", () => {
  it('strlen("⒦⒰⒮⒯⒪") is 5 and strlen("Çedilla") with a combining mark is 8 (doc examples)', () => {
    expect(call("strlen", "⒦⒰⒮⒯⒪")).toBe(5);
    expect(call("strlen", "C\u0327edilla")).toBe(8);
    expect(call("strlen", "")).toBe(0);
  });
  it('string_size("⒦⒰⒮⒯⒪") is 15 bytes (doc example)', () => {
    expect(call("string_size", "⒦⒰⒮⒯⒪")).toBe(15);
  });
  it("tolower / toupper", () => {
    expect(call("tolower", "Hello")).toBe("hello");
    expect(call("toupper", "Hello")).toBe("HELLO");
  });
});

describe("substring", () => {
  it('substring("123456", 1) // 23456 and friends (doc examples)', () => {
    expect(call("substring", "123456", 1)).toBe("23456");
    expect(call("substring", "123456", 2, 2)).toBe("34");
    expect(call("substring", "ABCD", 0, 2)).toBe("AB");
    expect(call("substring", "123456", -2, 2)).toBe("56");
    expect(call("substring", "abc", 10)).toBe("");
  });
});

describe("concatenation", () => {
  it('strcat("hello", " ", "world") (doc example)', () => {
    expect(call("strcat", "hello", " ", "world")).toBe("hello world");
  });
  it("strcat_delim('-', 1, '2', 'A', 1s) is 1-2-A-00:00:01 (doc example)", () => {
    expect(call("strcat_delim", "-", 1, "2", "A", ts("1s"))).toBe("1-2-A-00:00:01");
  });
  it('strcat_array(dynamic([1, 2, 3]), "->") is 1->2->3 (doc example)', () => {
    expect(call("strcat_array", J("[1,2,3]"), "->")).toBe("1->2->3");
    expect(call("strcat_array", J('["a",null,"b"]'), ",")).toBe("a,,b");
  });
});

describe("split", () => {
  it('split("aa_bb", "_") and with an index (doc examples)', () => {
    expect(str("split", "aa_bb", "_")).toBe('["aa","bb"]');
    expect(str("split", "aaa_bbb_ccc", "_", 1)).toBe('["bbb"]');
    expect(str("split", "", "_")).toBe('[""]');
    expect(str("split", "a__b", "_")).toBe('["a","","b"]');
    expect(str("split", "aabbcc", "bb")).toBe('["aa","cc"]');
    expect(str("split", "a_b", "_", 5)).toBe("[]");
  });
});

describe("replace", () => {
  it('replace_string(Message, "cat", "hamster") (doc example)', () => {
    expect(call("replace_string", "A magic trick can turn a cat into a dog", "cat", "hamster")).toBe(
      "A magic trick can turn a hamster into a dog",
    );
  });
  it("replace_strings applies lookups in order without re-replacing (doc examples)", () => {
    const msg = "A magic trick can turn a cat into a dog";
    expect(call("replace_strings", msg, J('["cat","dog"]'), J('["dog","pigeon"]'))).toBe(
      "A magic trick can turn a dog into a pigeon",
    );
    expect(call("replace_strings", msg, J('["turn"," into a dog"]'), J('["disappear",""]'))).toBe(
      "A magic trick can disappear a cat",
    );
    const m2 = "This is an example of using replace_strings()";
    expect(call("replace_strings", m2, J('["This","is"]'), J('["This","was"]'))).toBe(
      "This was an example of using replace_strings()",
    );
    expect(call("replace_strings", m2, J('["is","This"]'), J('["was","This"]'))).toBe(
      "Thwas was an example of using replace_strings()",
    );
    expect(call("replace_strings", m2, J('["This","is"]'), J('[12345,"was"]'))).toBe(
      "This was an example of using replace_strings()",
    );
  });
  it("replace_regex(str, @'is (\\d+)', @'was: \\1') (doc example)", () => {
    expect(call("replace_regex", "Number is 1.000000", "is (\\d+)", "was: \\1")).toBe("Number was: 1.000000");
    expect(call("replace_regex", "aaa", "a*", "x")).toBe("x");
    expect(call("replace_regex", "ab", "(a)", "$1\\1")).toBe("$1ab");
  });
});

describe("extract / extract_all", () => {
  it("extract with groups and a missing match (doc example)", () => {
    const t1 = "User: James, Email: James@example.com, Age: 29";
    const t2 = "User: David, Age: 35";
    expect(call("extract", "User: ([^,]+)", 1, t1)).toBe("James");
    expect(call("extract", "Email: (\\S+),", 1, t1)).toBe("James@example.com");
    expect(call("extract", "Email: (\\S+),", 1, t2)).toBe("");
    expect(call("extract", "\\d+", 0, t2)).toBe("35");
  });
  it("extract(@\"-(\\d{2})-\", 1, DateString, typeof(int)) converts (doc example)", () => {
    expect(call("extract", "-(\\d{2})-", 1, "21-07-2023", "int")).toBe(7);
    expect(call("extract", "-(\\d{2})-", 1, "none", "int")).toBeNull();
  });
  it("extract_all with one group, chosen groups and named groups (doc examples)", () => {
    const id = "82b8be2d-dfa7-4bd1-8f63-24ad26d31449";
    expect(str("extract_all", "([\\da-f]{2})", id)).toBe(
      '["82","b8","be","2d","df","a7","4b","d1","8f","63","24","ad","26","d3","14","49"]',
    );
    expect(str("extract_all", "(\\w)(\\w+)(\\w)", J("[1,3]"), id)).toBe(
      '[["8","d"],["d","7"],["4","1"],["8","3"],["2","9"]]',
    );
    expect(str("extract_all", "(?P<first>\\w)(?P<middle>\\w+)(?P<last>\\w)", J('["first",2,"last"]'), id)).toBe(
      '[["8","2b8be2","d"],["d","fa","7"],["4","bd","1"],["8","f6","3"],["2","4ad26d3144","9"]]',
    );
    expect(call("extract_all", "(x)", "abc")).toEqual(dyn(null));
  });
  it("rejects an invalid regex with a FunctionError", () => {
    expect(() => call("extract", "(", 0, "x")).toThrow(FunctionError);
  });
});

describe("trim", () => {
  it("trim / trim_start / trim_end (doc examples)", () => {
    expect(call("trim", "--", "--https://bing.com--")).toBe("https://bing.com");
    expect(call("trim", "[^\\w]+", "-  Te st1// $")).toBe("Te st1");
    expect(call("trim", "\\s+", "    Hello, world!    ")).toBe("Hello, world!");
    expect(call("trim_start", "https://", "https://bing.com")).toBe("bing.com");
    expect(call("trim_start", "[^\\w]+", "-  Te st1// $")).toBe("Te st1// $");
    expect(call("trim_end", ".com", "bing.com")).toBe("bing");
    expect(call("trim_end", "[^\\w]+", "-  Te st1// $")).toBe("-  Te st1");
  });
});

describe("search", () => {
  it("indexof (doc examples)", () => {
    expect(call("indexof", "abcdefg", "cde")).toBe(2);
    expect(call("indexof", "abcdefg", "cde", 1, 4)).toBe(2);
    expect(call("indexof", "abcdefg", "cde", 1, 2)).toBe(-1);
    expect(call("indexof", "abcdefg", "cde", 3, 4)).toBe(-1);
    expect(call("indexof", "abcdefg", "cde", -5)).toBe(2);
    expect(call("indexof", 1234567, 5, 1, 4)).toBe(4);
    expect(call("indexof", "abcdefg", "cde", 2, -1)).toBe(2);
    expect(call("indexof", "abcdefgabcdefg", "cde", 1, -1, 3)).toBe(-1);
  });
  it("indexof_regex (doc examples)", () => {
    expect(call("indexof_regex", "abcabc", "a.c")).toBe(0);
    expect(call("indexof_regex", "abcabcdefg", "a.c", 0, 9, 2)).toBe(3);
    expect(call("indexof_regex", "abcabc", "a.c", 1, -1, 2)).toBe(-1);
    expect(call("indexof_regex", "ababaa", "a.a", 0, -1, 2)).toBe(-1);
    expect(call("indexof_regex", "abcabc", "a|ab", -1)).toBeNull();
  });
  it("countof counts overlapping plain matches and non-overlapping regex matches", () => {
    expect(call("countof", "The cat sat on the mat", "at")).toBe(3);
    expect(call("countof", "aaa", "a")).toBe(3);
    expect(call("countof", "aaaa", "aa")).toBe(3);
    expect(call("countof", "ababa", "ab", "normal")).toBe(2);
    expect(call("countof", "ababa", "aba")).toBe(2);
    expect(call("countof", "ababa", "aba", "regex")).toBe(1);
    expect(call("countof", "abcabc", "a.c", "regex")).toBe(2);
  });
});

describe("transformations", () => {
  it("reverse of strings and of other types through tostring (doc examples)", () => {
    expect(call("reverse", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")).toBe("ZYXWVUTSRQPONMLKJIHGFEDCBA");
    expect(call("reverse", 12345)).toBe("54321");
    expect(call("reverse", 123.45)).toBe("54.321");
    expect(call("reverse", dt("2017-10-15 12:00"))).toBe("Z0000000.00:00:21T51-01-7102");
    expect(call("reverse", ts("3h"))).toBe("00:00:30");
  });
  it("translate (doc examples)", () => {
    expect(call("translate", "abc", "", "ab")).toBe("");
    expect(call("translate", "xy", "ab", "aba")).toBe("aba");
    expect(call("translate", "ab", "xy", "aba")).toBe("xyx");
    expect(call("translate", "abc", "x", "abc")).toBe("xxx");
    expect(call("translate", "krasp", "otsku", "spark")).toBe("kusto");
  });
  it("strrep (doc examples)", () => {
    expect(call("strrep", "ABC", 2)).toBe("ABCABC");
    expect(call("strrep", 123, 3, ".")).toBe("123.123.123");
    expect(call("strrep", threeSeconds(), 2, " ")).toBe("00:00:03 00:00:03");
  });
  it("regex_quote('(so$me.Te^xt)') (doc example)", () => {
    expect(call("regex_quote", "(so$me.Te^xt)")).toBe("\\(so\\$me\\.Te\\^xt\\)");
  });
});

function threeSeconds() {
  return ts("3s");
}

describe("codecs", () => {
  it("url_encode / url_encode_component / url_decode (doc examples)", () => {
    expect(call("url_encode", "https://www.bing.com/hello world")).toBe("https%3a%2f%2fwww.bing.com%2fhello+world");
    expect(call("url_encode_component", "https://www.bing.com/hello world")).toBe(
      "https%3a%2f%2fwww.bing.com%2fhello%20world",
    );
    expect(call("url_decode", "https%3a%2f%2fwww.bing.com%2f")).toBe("https://www.bing.com/");
  });
  it('base64_decode_tostring("S3VzdG8=") is Kusto (doc example)', () => {
    expect(call("base64_decode_tostring", "S3VzdG8=")).toBe("Kusto");
    expect(call("base64_decodestring", "S3VzdG8=")).toBe("Kusto");
    expect(call("base64_encode_tostring", "Kusto")).toBe("S3VzdG8=");
    expect(call("base64_encodestring", "Kusto")).toBe("S3VzdG8=");
    expect(call("base64_decode_tostring", "@@@")).toBeNull();
    expect(str("base64_decode_toarray", "S3VzdG8=")).toBe("[75,117,115,116,111]");
    expect(call("base64_encode_fromarray", J("[75,117,115,116,111]"))).toBe("S3VzdG8=");
  });
  it("unicode_codepoints_from_string / to_string (doc examples)", () => {
    expect(str("unicode_codepoints_from_string", "⒦⒰⒮⒯⒪")).toBe("[9382,9392,9390,9391,9386]");
    expect(str("unicode_codepoints_from_string", "קוסטו - Kusto")).toBe(
      "[1511,1493,1505,1496,1493,32,45,32,75,117,115,116,111]",
    );
    expect(call("unicode_codepoints_to_string", call("unicode_codepoints_from_string", "Kusto"))).toBe("Kusto");
    expect(call("make_string", 75, J("[117,115]"), 116, 111)).toBe("Kusto");
  });
  it("isascii", () => {
    expect(call("isascii", "some string")).toBe(true);
    expect(call("isascii", "é")).toBe(false);
  });
  it("format_bytes (doc example)", () => {
    expect(call("format_bytes", 564)).toBe("564 Bytes");
    expect(call("format_bytes", 10332, 1)).toBe("10.1 KB");
    expect(call("format_bytes", 20010332)).toBe("19 MB");
    expect(call("format_bytes", 20010332, 2)).toBe("19.08 MB");
    expect(call("format_bytes", 20010332, 0, "KB")).toBe("19541 KB");
  });
});

describe("more string functions", () => {
  it("tohex (doc example), with 32-bit complement for an int", () => {
    expect(call("tohex", 256)).toBe("100");
    expect(call("tohex", -256)).toBe("ffffffffffffff00");
    expect(callTyped("tohex", [-256, 8], ["int", "long"])).toBe("ffffff00");
    expect(call("tohex", 256, 8)).toBe("00000100");
    expect(call("tohex", 256, 2)).toBe("100");
  });
  it("strcmp, to_utf8, has_any_index", () => {
    expect(call("strcmp", "ABC", "ABC")).toBe(0);
    expect(call("strcmp", "abc", "abd")).toBe(-1);
    expect(str("to_utf8", "Kü")).toBe("[75,195,188]");
    expect(call("has_any_index", "this is an example", J('["what","example"]'))).toBe(1);
    expect(call("has_any_index", "this is an example", J('["xyz"]'))).toBe(-1);
    expect(call("has_any_index", "this is an example", J('["exam"]'))).toBe(-1);
  });
  it("gzip/zlib decompression (doc examples)", () => {
    expect(call("gzip_decompress_from_base64_string", "H4sIAAAAAAAA/wEUAOv/MTIzNDU2Nzg5MHF3ZXJ0eXVpb3A6m7f2FAAAAA==")).toBe(
      "1234567890qwertyuiop",
    );
    expect(call("gzip_decompress_from_base64_string", "x0x0x0")).toBe("");
    expect(call("zlib_decompress_from_base64_string", "x0x0x0")).toBe("");
    expect(call("zlib_decompress_from_base64_string", "eJwLSS0uAQAD3QGh")).toBe("Test");
  });
});
