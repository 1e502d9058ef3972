// fast-check arbitraries for hostile input: broken text, bad timestamps and cursors, prototype names, deep nesting.
// Each mixes the hostile shapes of issue 7 with valid-looking values, so both the refusal and the success paths run.

import fc from 'fast-check';

/** Characters that broke the hub once: NUL, lone surrogates (either half, or reversed), and a few other awkward ones. */
export const HOSTILE_CHARS = ['\u0000', '\ud800', '\udfff', '\udc00\ud800', '\uffff', '\u0085', '\u0001', '\n', '"', '\\', '%', '%00', '%zz', '../', '\u202e', '🙂'];
export const PROTO_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '__defineGetter__'];

/** A string that is mostly harmless text with one hostile character somewhere, or a prototype name, or unicode soup. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom(...HOSTILE_CHARS), fc.string({ maxLength: 12 })).map(([a, b, c]) => a + b + c),
  fc.constantFrom(...PROTO_NAMES),
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.string({ maxLength: 40 }),
  fc.constant('x'.repeat(300)),
  fc.constant(''),
);

/** Text that always breaks the rule: a lone surrogate or a NUL somewhere in otherwise ordinary text. */
export const brokenText: fc.Arbitrary<string> = fc.tuple(fc.string({ maxLength: 12 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\udc00\ud800'), fc.string({ maxLength: 12 }))
  .map(([a, b, c]) => a + b + c);

/** Valid-looking values most of the time, hostile strings otherwise. */
export function mostly<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | string> {
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: hostileString });
}

/** Any JSON value, or one nested up to 3,000 levels (objects or arrays), 1 in 10. */
export const deepJson: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 25, max: 3000 }), fc.boolean()).map(([n, asArray]) => {
  let v: unknown = 1;
  for (let i = 0; i < n; i++) v = asArray ? [v] : { a: v };
  return v;
});

/** JSON with hostile keys and strings inside. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: fc.dictionary(hostileString, fc.oneof(hostileString, fc.jsonValue({ maxDepth: 2 })), { maxKeys: 4 }) },
  { weight: 1, arbitrary: deepJson },
);

const NOW = Date.now();

/** RFC 3339 times near now (valid for observed_at most of the time). */
export const recentTime = fc.integer({ min: -86_400_000 * 3, max: 60_000 }).map((d) => new Date(NOW + d).toISOString());

/** Timestamps that must be refused with a 400: year 0, offsets beyond ±14:00, impossible dates, other formats. */
export const badTime = fc.oneof(
  fc.constantFrom(
    '0000-01-01T00:00:00Z', '2026-01-01T00:00:00+16:00', '2026-01-01T00:00:00-14:01', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z',
    '10000-01-01T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:00:00+99:99', 'yesterday', '', '2026-01-01', '2026-01-01T00:00:00',
    '1970-01-01T00:00:00Z', '9999-12-31T23:59:60Z', '0001-01-01T00:00:00+14:00', '-000001-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z',
  ),
  fc.tuple(recentTime, fc.integer({ min: -30, max: 30 }), fc.integer({ min: 0, max: 99 }))
    .map(([t, h, m]) => `${t.slice(0, 19)}${h < 0 ? '-' : '+'}${String(Math.abs(h)).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString())),
);

export const anyTime = fc.oneof({ weight: 2, arbitrary: recentTime }, { weight: 2, arbitrary: badTime }, { weight: 1, arbitrary: hostileString });

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Cursors: the forged shapes of issue 7, random JSON, random text, and well-formed ones. */
export const anyCursor = fc.oneof(
  fc.constantFrom(b64(['x', '1']), b64(['2026-01-01T00:00:00Z', '99999999999999999999']), b64(['2026-01-01T00:00:00Z', '9223372036854775808']), b64([1, 2]), b64({})),
  fc.tuple(anyTime, fc.oneof(fc.uuid(), fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }).map(String), hostileString)).map(b64),
  fc.tuple(recentTime, fc.oneof(fc.uuid(), fc.bigInt({ min: 1n, max: 9223372036854775807n }).map(String))).map(b64),
  fc.jsonValue({ maxDepth: 2 }).map(b64),
  hostileString,
);

/** Percent-encodes for a URL; a lone surrogate has no UTF-8 form, so it is sent as its CESU-8 bytes. */
export function enc(s: string): string {
  return [...s].map((ch) => {
    const c = ch.charCodeAt(0);
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`;
    // A "%" goes out as it is, so "%00" or "%zz" in a hostile string reaches the server's own percent-decoder.
    return ch === '%' ? '%' : encodeURIComponent(ch);
  }).join('');
}

/** A query string from pairs; repeated keys and unknown keys included by the callers. */
export function queryOf(pairs: Array<[string, string]>): string {
  return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')}`;
}

/** Random query pairs: the documented parameters with their own values, plus an unknown or hostile key now and then. */
export function queryPairs(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<Array<[string, string]>> {
  const known = Object.entries(params).map(([k, v]) => fc.tuple(fc.constant(k), v));
  const unknown = fc.tuple(fc.oneof(hostileString, fc.constantFrom(...PROTO_NAMES)), hostileString);
  const pair = known.length === 0 ? unknown : fc.oneof({ weight: 6, arbitrary: fc.oneof(...known) }, { weight: 1, arbitrary: unknown });
  return fc.array(pair, { maxLength: 4 });
}
