import { describe, expect, it } from "vitest";
import { splitWindowsCommandLine } from "../../../src/engine/functions/parsers.js";
import { call, str } from "./call.js";

describe("parse_url", () => {
  it("splits every component (doc example)", () => {
    expect(str("parse_url", "scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")).toBe(
      '{"Scheme":"scheme","Host":"host","Port":"1234","Path":"/this/is/a/path","Username":"username","Password":"password","Query Parameters":{"k1":"v1","k2":"v2"},"Fragment":"fragment"}',
    );
  });
  it("handles a plain URL", () => {
    expect(str("parse_url", "https://contoso.com/a?x=1%202")).toBe(
      '{"Scheme":"https","Host":"contoso.com","Port":"","Path":"/a","Username":"","Password":"","Query Parameters":{"x":"1 2"},"Fragment":""}',
    );
  });
});

describe("parse_path (doc examples)", () => {
  it.each([
    [
      "C:\\temp\\file.txt",
      '{"Scheme":"","RootPath":"C:","DirectoryPath":"C:\\\\temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}',
    ],
    [
      "temp\\file.txt",
      '{"Scheme":"","RootPath":"","DirectoryPath":"temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}',
    ],
    [
      "file://C:/temp/file.txt:some.exe",
      '{"Scheme":"file","RootPath":"C:","DirectoryPath":"C:/temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":"some.exe"}',
    ],
    [
      "\\\\shared\\users\\temp\\file.txt.gz",
      '{"Scheme":"","RootPath":"","DirectoryPath":"\\\\\\\\shared\\\\users\\\\temp","DirectoryName":"temp","Filename":"file.txt.gz","Extension":"gz","AlternateDataStreamName":""}',
    ],
    [
      "/usr/lib/temp/file.txt",
      '{"Scheme":"","RootPath":"","DirectoryPath":"/usr/lib/temp","DirectoryName":"temp","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}',
    ],
  ])("%s", (path, expected) => {
    expect(str("parse_path", path)).toBe(expected);
  });
});

describe("parse_command_line", () => {
  it('parse_command_line("echo \\"hello world!\\"", "windows") (doc example)', () => {
    expect(str("parse_command_line", 'echo "hello world!"', "windows")).toBe('["echo","hello world!"]');
  });
  it("follows CommandLineToArgvW backslash and quote rules", () => {
    expect(splitWindowsCommandLine('"C:\\Program Files\\a.exe" -x "a\\"b" c\\\\"d e" f\\g')).toEqual([
      "C:\\Program Files\\a.exe",
      "-x",
      'a"b',
      "c\\d e",
      "f\\g",
    ]);
    expect(splitWindowsCommandLine("   ")).toEqual([]);
  });
  it("rejects other parsers", () => {
    expect(() => call("parse_command_line", "ls", "linux")).toThrow();
  });
});

describe("parse_csv (doc examples)", () => {
  it("quoted fields, escaped quotes and embedded newlines", () => {
    expect(str("parse_csv", 'aa,"b,b,b",cc,"Escaping quotes: ""Title""","line1\nline2"')).toBe(
      '["aa","b,b,b","cc","Escaping quotes: \\"Title\\"","line1\\nline2"]',
    );
  });
  it("only the first record", () => {
    expect(str("parse_csv", "record1,a,b,c\nrecord2,x,y,z")).toBe('["record1","a","b","c"]');
  });
});

describe("parse_xml", () => {
  it("turns elements, attributes, text and repeated children into dynamic", () => {
    const xml =
      '<?xml version="1.0"?><event timestamp="2015-12-31"><eventName>A &amp; B</eventName><item id="1">x</item><item id="2"/><empty/></event>';
    expect(str("parse_xml", xml)).toBe(
      '{"event":{"@timestamp":"2015-12-31","eventName":"A & B","item":[{"@id":"1","#text":"x"},{"@id":"2"}],"empty":null}}',
    );
  });
  it("is null for text that is not XML", () => {
    expect(str("parse_xml", "<a><b></a>")).toBe("");
    expect(str("parse_xml", "plain")).toBe("");
  });
});

describe("punycode (doc examples)", () => {
  it("punycode_from_string / punycode_to_string", () => {
    expect(call("punycode_from_string", "académie-française")).toBe("acadmie-franaise-npb1a");
    expect(call("punycode_to_string", "acadmie-franaise-npb1a")).toBe("académie-française");
    expect(call("punycode_from_string", "bücher")).toBe("bcher-kva");
    expect(call("punycode_to_string", "bcher-kva")).toBe("bücher");
    expect(call("punycode_to_string", "!!")).toBe("");
  });
  it("punycode_domain_from_string", () => {
    expect(call("punycode_domain_from_string", "xn--Ge-mia.Bulg.edu")).toBe("Gáe.Bulg.edu");
    expect(call("punycode_domain_from_string", "xn--Lin-8na.Celtchair.org")).toBe("Lúin.Celtchair.org");
    expect(call("punycode_domain_from_string", "xn--Ry-lja8c.xn--Jng-uta63a.xn--Bng-9ka.com")).toBe("Rúyì.Jīngū.Bàng.com");
  });
  it("punycode_domain_to_string", () => {
    expect(call("punycode_domain_to_string", "Lê Lợi。Thuận Thiên。com")).toBe("xn--L Li-gpa4517b.xn--Thun Thin-s4a7194f.com");
    expect(call("punycode_domain_to_string", "Riðill｡Skáldskaparmál｡org")).toBe("xn--Riill-jta.xn--Skldskaparml-dbbj.org");
    expect(call("punycode_domain_to_string", "Kaledvoulc'h.Artorījos.edu")).toBe("Kaledvoulc'h.xn--Artorjos-ejb.edu");
  });
});

describe("parse_path edge cases", () => {
  it("a bare drive-relative file and a bare file name", () => {
    expect(str("parse_path", "C:file.txt")).toBe(
      '{"Scheme":"","RootPath":"C:","DirectoryPath":"C:","DirectoryName":"","Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""}',
    );
    expect(str("parse_path", "notes")).toBe(
      '{"Scheme":"","RootPath":"","DirectoryPath":"","DirectoryName":"","Filename":"notes","Extension":"","AlternateDataStreamName":""}',
    );
  });
});
