/**
 * What the fuzz tests send: arbitrary text for every parameter (ASCII, any code point
 * including NUL and lone surrogates, graphemes, known troublemakers, very long values),
 * parameters missing or repeated, raw query fragments with broken percent-encoding,
 * arbitrary JSON, header values and content types. Valid values are mixed in, so that many
 * inputs get past the first check and reach the code behind it.
 */
import fc from "fast-check";

/** Text that has broken parsers, stores and templates before. */
const TROUBLEMAKERS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\udc00y",
  "\r\n",
  "\u202e",
  "\ufeff",
  "😀",
  "\u{10ffff}",
  "%",
  "%00",
  "%zz",
  "%ff%fe",
  "%c3%28",
  "%ED%A0%80",
  "+",
  "&",
  "=",
  "?",
  "#",
  "/",
  "\\",
  "..",
  "../../etc/passwd",
  "null",
  "undefined",
  "true",
  "NaN",
  "-1",
  "0",
  "1e999",
  "[]",
  "{}",
  '{"a":1}',
  "__proto__",
  "constructor",
  "toString",
  "<script>alert(1)</script>",
  "' OR '1'='1",
  "${jndi:ldap://x}",
  "javascript:alert(1)",
  "data:,x",
  "http://",
  "https://evil.example/callback",
  "urn:ietf:params:oauth:request_uri:nope",
  "eyJhbGciOiJub25lIn0.e30.",
  "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln",
  "a.b.c.d.e",
];

/** Long values: past the schemas' bounds, near or past the body limits. */
const long = fc
  .tuple(
    fc.constantFrom("a", "%", "\u0000", "é", "😀", "\ud800"),
    fc.integer({ min: 200, max: 1500 }),
  )
  .map(([unit, count]) => unit.repeat(count));

/** Any text a parameter may carry. */
export const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 3, arbitrary: fc.string({ unit: "binary" }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme" }) },
  { weight: 3, arbitrary: fc.constantFrom(...TROUBLEMAKERS) },
  { weight: 1, arbitrary: long },
);

/** One of the valid values, a valid value with text around it, or any text. */
export function either(valid: readonly string[], other: fc.Arbitrary<string> = text) {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...valid), other).map(([v, t]) => v + t) },
    { weight: 3, arbitrary: other },
  );
}

export type Pairs = Array<[string, string]>;

/**
 * Every named parameter missing, once or repeated, plus a few parameters with any name.
 */
export function parameters(spec: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Pairs> {
  const named = Object.fromEntries(
    Object.entries(spec).map(([name, value]) => [
      name,
      fc.oneof(
        { weight: 2, arbitrary: fc.constant<Pairs>([]) },
        { weight: 6, arbitrary: value.map((v): Pairs => [[name, v]]) },
        {
          weight: 1,
          arbitrary: fc
            .array(value, { minLength: 2, maxLength: 3 })
            .map((vs): Pairs => vs.map((v) => [name, v])),
        },
      ),
    ]),
  );
  return fc
    .tuple(fc.record(named), fc.array(fc.tuple(text, text), { maxLength: 2 }))
    .map(([byName, more]) => [...Object.values(byName).flat(), ...more]);
}

/** Bytes of a string as UTF-8; a lone surrogate as its (invalid) three-byte form, WTF-8. */
function wtf8(value: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i += 1) {
    let code = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
      i += 1;
    }
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000)
      bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 63),
        0x80 | ((code >> 6) & 63),
        0x80 | (code & 63),
      );
  }
  return bytes;
}

/** Percent-encodes any JavaScript string, lone surrogates included (encodeURIComponent throws). */
export function percentEncode(value: string): string {
  return wtf8(value)
    .map((byte) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
}

/** A piece of query or form text as an attacker types it: broken escapes, separators. */
const raw = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "%",
        "%0",
        "%zz",
        "%00",
        "%ff",
        "%C0%80",
        "%ED%A0%80",
        "%u0000",
        "&",
        "=",
        "&&",
      ),
      fc.constantFrom("+", ";", "?", "/", "[", "]", "[]=", "#", "'", '"', "<", ">", "`", "{", "}"),
      fc.string({ minLength: 1, maxLength: 8 }).map((s) => s.replace(/ /g, "+")),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(""));

/** `application/x-www-form-urlencoded` text of the pairs, sometimes with a raw piece in it. */
export function urlEncoded(pairs: fc.Arbitrary<Pairs>): fc.Arbitrary<string> {
  return fc
    .tuple(pairs, fc.option(raw, { freq: 4 }))
    .map(([list, piece]) =>
      [
        ...list.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`),
        ...(piece === null ? [] : [piece]),
      ].join("&"),
    );
}

/** A header value as octets can be sent (UTF-8 bytes read as Latin-1, no control characters). */
export const headerValue = (value: string): string =>
  Buffer.from(value, "utf8")
    .toString("latin1")
    .replace(/[^\t\x20-\x7e\x80-\xff]/g, "");

/** The Authorization header of a client: none, Basic (right, wrong or broken) or anything. */
export function clientAuthorization(
  clients: ReadonlyArray<{ id: string; secret: string }>,
): fc.Arbitrary<string | undefined> {
  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${id}:${secret}`, "utf8").toString("base64")}`;
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 2, arbitrary: fc.constantFrom(...clients).map((c) => basic(c.id, c.secret)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(either(clients.map((c) => c.id)), either(clients.map((c) => c.secret)))
        .map(([id, secret]) => basic(percentEncode(id), percentEncode(secret))),
    },
    { weight: 1, arbitrary: fc.tuple(text, text).map(([id, secret]) => basic(id, secret)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom("Basic ", "Basic", "basic ", "Bearer ", "", "Digest "), text)
        .map(([scheme, rest]) => headerValue(scheme + rest)),
    },
  );
}

/** A Content-Type: mostly the one the endpoint reads, else another, a broken one, or none. */
export function contentType(expected: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(expected) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        undefined,
        "application/json",
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=iso-8859-1",
        "application/json; charset=utf-16",
        "text/plain",
        "multipart/form-data; boundary=x",
        "application/jwt",
        "*/*",
        "",
      ),
    },
    { weight: 1, arbitrary: text.map(headerValue) },
  );
}

/** Any JSON value, strings with any code point (lone surrogates travel as `\ud800` escapes). */
export const jsonValue = fc.jsonValue({ maxDepth: 4, stringUnit: "binary" });

/** A body that is no form and no JSON: random octets, possibly not UTF-8. */
export const octets = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes));
