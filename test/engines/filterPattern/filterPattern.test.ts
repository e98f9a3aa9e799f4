import fc from 'fast-check';
import {
  compileFilterPattern,
  FilterPatternError,
  MAX_PATTERN_LENGTH,
  matchesFilterPattern,
  parseFilterPattern,
} from '../../../shared/engines/filterPattern/index.js';

function matches(pattern: string, line: unknown): boolean {
  return matchesFilterPattern(compileFilterPattern(pattern), typeof line === 'string' ? line : JSON.stringify(line));
}

function parseErrorOf(pattern: string): FilterPatternError {
  const result = parseFilterPattern(pattern);
  if (result.ok) throw new Error(`expected ${pattern} to be rejected`);
  return result.error;
}

describe('JSON filter pattern: comparisons', () => {
  it('matches a string property exactly and case-sensitively', () => {
    expect(matches('{ $.level = "ERROR" }', { level: 'ERROR' })).toBe(true);
    expect(matches('{ $.level = "ERROR" }', { level: 'error' })).toBe(false);
    expect(matches('{ $.level = "ERROR" }', { level: 'ERRORS' })).toBe(false);
  });

  it('treats a leading or trailing * as a wildcard and a * in the middle as a literal, as AWS documents', () => {
    // "*Event will match PutEvent and GetEvent. Event* will match EventId and EventName. Ev*ent will only match the
    // actual string Ev*ent." (Filter and Pattern Syntax, 2020)
    expect(matches('{ $.name = *Event }', { name: 'PutEvent' })).toBe(true);
    expect(matches('{ $.name = Event* }', { name: 'EventName' })).toBe(true);
    expect(matches('{ $.name = "*vent*" }', { name: 'GetEvents' })).toBe(true);
    expect(matches('{ $.name = "Ev*ent" }', { name: 'Event' })).toBe(false);
    expect(matches('{ $.name = "Ev*ent" }', { name: 'Ev*ent' })).toBe(true);
    expect(matches('{ $.path = "/api/*" }', { path: '/api/' })).toBe(true);
    expect(matches('{ $.path = "/api/*" }', { path: '/health' })).toBe(false);
    expect(matches('{ $.sourceIPAddress != 123.123.* }', { sourceIPAddress: '10.0.0.1' })).toBe(true);
    expect(matches('{ $.sourceIPAddress != 123.123.* }', { sourceIPAddress: '123.123.4.5' })).toBe(false);
  });

  it('matches text, wildcards and regexes against a number by its decimal text', () => {
    // AWS: `{ $.latency = * }` matches {"latency": 50}; `{ $.code = 4* }` matches {"code": 404}.
    expect(matches('{ $.latency = * }', { latency: 50 })).toBe(true);
    expect(matches('{ $.code = 4* }', { code: 404 })).toBe(true);
    expect(matches('{ $.code = 4* }', { code: 500 })).toBe(false);
    expect(matches('{ $.code = %^40[0-9]$% }', { code: 404 })).toBe(true);
    expect(matches('{ $.code = "404" }', { code: 404 })).toBe(true);
    expect(matches('{ $.code != 4* }', { code: 500 })).toBe(true);
  });

  it('keeps other regex characters in a string literal literal', () => {
    expect(matches('{ $.q = "a.c" }', { q: 'abc' })).toBe(false);
    expect(matches('{ $.q = "a.c" }', { q: 'a.c' })).toBe(true);
    expect(matches('{ $.q = "say \\"hi\\"" }', { q: 'say "hi"' })).toBe(true);
  });

  it('accepts a bare word as a string value', () => {
    expect(matches('{ $.eventType = UpdateTrail }', { eventType: 'UpdateTrail' })).toBe(true);
  });

  it('compares numbers with = != < > <= >=', () => {
    const line = { latency: 250, code: 500 };
    expect(matches('{ $.latency = 250 }', line)).toBe(true);
    expect(matches('{ $.latency = 250.0 }', line)).toBe(true);
    expect(matches('{ $.latency != 250 }', line)).toBe(false);
    expect(matches('{ $.latency < 300 }', line)).toBe(true);
    expect(matches('{ $.latency > 300 }', line)).toBe(false);
    expect(matches('{ $.code >= 500 }', line)).toBe(true);
    expect(matches('{ $.code <= 499 }', line)).toBe(false);
    expect(matches('{ $.delta > -1.5e1 }', { delta: -3 })).toBe(true);
  });

  it('compares a number operand only with JSON numbers, and never matches objects, arrays, booleans or null', () => {
    expect(matches('{ $.level = 50 }', { level: '50' })).toBe(false);
    expect(matches('{ $.level >= 50 }', { level: '60' })).toBe(false);
    expect(matches('{ $.level != "INFO" }', { level: { name: 'INFO' } })).toBe(false);
    expect(matches('{ $.level != "INFO" }', { level: ['INFO'] })).toBe(false);
    expect(matches('{ $.level = * }', { level: null })).toBe(false);
    expect(matches('{ $.level = * }', { level: true })).toBe(false);
  });

  it('never matches a comparison on a property that is missing, = and != alike', () => {
    expect(matches('{ $.level = "ERROR" }', { message: 'x' })).toBe(false);
    expect(matches('{ $.level != "ERROR" }', { message: 'x' })).toBe(false);
  });

  it('matches a regular expression anywhere in the value unless anchored', () => {
    expect(matches('{ $.message = %timeout% }', { message: 'upstream timeout after 3s' })).toBe(true);
    expect(matches('{ $.level = %^[Ee]rror$% }', { level: 'error' })).toBe(true);
    expect(matches('{ $.level = %^[Ee]rror$% }', { level: 'errors' })).toBe(false);
    expect(matches('{ $.level != %^[Ee]rror$% }', { level: 'warn' })).toBe(true);
  });
});

describe('JSON filter pattern: selectors and tests', () => {
  it('follows nested properties and array indices', () => {
    const line = { user: { id: 7 }, actions: ['GET', 'PUT', 'DELETE'], items: [{ sku: 'bear' }] };
    expect(matches('{ $.user.id = 7 }', line)).toBe(true);
    expect(matches('{ $.actions[2] = "DELETE" }', line)).toBe(true);
    expect(matches('{ $.actions[3] = "DELETE" }', line)).toBe(false);
    expect(matches('{ $.items[0].sku = "bear" }', line)).toBe(true);
    expect(matches('{ $.user[0] = 7 }', line)).toBe(false);
  });

  it('distinguishes IS NULL (present and null) from NOT EXISTS (absent)', () => {
    expect(matches('{ $.child_id IS NULL }', { child_id: null })).toBe(true);
    expect(matches('{ $.child_id IS NULL }', {})).toBe(false);
    expect(matches('{ $.child_id NOT EXISTS }', {})).toBe(true);
    expect(matches('{ $.child_id NOT EXISTS }', { child_id: null })).toBe(false);
  });

  it('matches IS TRUE and IS FALSE against JSON booleans only', () => {
    expect(matches('{ $.safety_checked IS TRUE }', { safety_checked: true })).toBe(true);
    expect(matches('{ $.safety_checked IS TRUE }', { safety_checked: 'true' })).toBe(false);
    expect(matches('{ $.safety_checked IS FALSE }', { safety_checked: false })).toBe(true);
    expect(matches('{ $.safety_checked IS FALSE }', {})).toBe(false);
  });

  it('never looks up inherited properties such as constructor or __proto__', () => {
    expect(matches('{ $.constructor NOT EXISTS }', {})).toBe(true);
    expect(matches('{ $.toString NOT EXISTS }', { a: 1 })).toBe(true);
    expect(matches('{ $.__proto__.x = 1 }', '{"__proto__": {"x": 1}}')).toBe(true);
  });
});

describe('JSON filter pattern: && || and parentheses', () => {
  it('binds && tighter than ||', () => {
    const pattern = '{ $.a = 1 || $.b = 1 && $.c = 1 }';
    expect(matches(pattern, { a: 1 })).toBe(true);
    expect(matches(pattern, { b: 1 })).toBe(false);
    expect(matches(pattern, { b: 1, c: 1 })).toBe(true);
  });

  it('groups with parentheses, nested', () => {
    const pattern = '{ ($.a = 1 || $.b = 1) && (($.c = 1) || ($.d IS TRUE)) }';
    expect(matches(pattern, { b: 1, d: true })).toBe(true);
    expect(matches(pattern, { b: 1, d: false })).toBe(false);
    expect(matches(pattern, { c: 1 })).toBe(false);
  });
});

describe('JSON filter pattern: lines that are not JSON', () => {
  it('never matches a line that is not a JSON document', () => {
    const pattern = compileFilterPattern('{ $.level NOT EXISTS }');
    expect(matchesFilterPattern(pattern, 'ERROR something broke')).toBe(false);
    expect(matchesFilterPattern(pattern, '2024-01-15T10:00:00Z\tabc\tERROR\t{"level":"ERROR"}')).toBe(false);
    expect(matchesFilterPattern(pattern, '{"level": ')).toBe(false);
    expect(matchesFilterPattern(pattern, '')).toBe(false);
  });

  it('accepts the trailing newline Lambda and ECS add', () => {
    expect(matchesFilterPattern(compileFilterPattern('{ $.level = "ERROR" }'), '{"level":"ERROR"}\n')).toBe(true);
  });
});

describe('JSON filter pattern: errors', () => {
  // Positions are 1-based characters in the pattern, as the message says.
  it.each([
    ['{ $.level = "ERROR"', 'expected "}"'],
    ['{ $.level = "ERROR }', 'string is not closed'],
    ['{ $.level IS NOT NULL }', 'IS NOT is not supported'],
    ['{ $.level "ERROR" }', 'expected an operator'],
    ['{ $.level > "ERROR" }', 'compares numbers only'],
    ['{ $.level IS MAYBE }', 'IS must be followed by NULL, TRUE or FALSE'],
    ['{ $.level NOT THERE }', 'NOT must be followed by EXISTS'],
    ['{ level = 1 }', 'expected a selector'],
    ['{ $ = 1 }', 'a selector needs a property'],
    ['{ $.a[x] = 1 }', 'array index'],
    ['{ $.a = 1 } extra', 'after the closing }'],
    ['{ $.a = %(a|b)% }', 'parentheses are not supported'],
    ['{ $.a = %a!% }', '"!" is not allowed'],
    ['{ $.a = %x% || $.b = %y% || $.c = %z% }', 'at most 2 regular expressions'],
    ['{ $.a ! 1 }', '"!" must be followed by "="'],
    ['{ ($.a = 1 }', 'expected ")"'],
    ['{ }', 'expected a selector'],
  ])('rejects %s with a message that says why', (pattern, why) => {
    const error = parseErrorOf(pattern);
    expect(error).toBeInstanceOf(FilterPatternError);
    expect(error.message).toContain(why);
    expect(error.message).toMatch(/at character \d+/);
  });

  it('rejects a pattern longer than CloudWatch allows', () => {
    const long = `{ ${Array.from({ length: 100 }, (_, i) => `$.f${i} = ${i}`).join(' || ')} }`;
    expect(long.length).toBeGreaterThan(MAX_PATTERN_LENGTH);
    expect(parseErrorOf(long).message).toContain(`at most ${MAX_PATTERN_LENGTH}`);
  });

  it('throws from compileFilterPattern, for constants that must be valid', () => {
    expect(() => compileFilterPattern('{ $.a = }')).toThrow(FilterPatternError);
  });
});

describe('JSON filter pattern: properties', () => {
  const syntaxPieces = fc.constantFrom(
    '{',
    '}',
    '(',
    ')',
    '&&',
    '||',
    '=',
    '!=',
    '<',
    '>=',
    '$',
    '$.a',
    '$.a.b',
    '[0]',
    '[',
    ']',
    '"x*"',
    '"',
    '%^a$%',
    '%',
    'IS',
    'NULL',
    'NOT',
    'EXISTS',
    'TRUE',
    '-1.5',
    '1e3',
    '.',
    '!',
    ' ',
  );
  const patterns = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(syntaxPieces, { maxLength: 40 }).map((parts) => parts.join(' ')),
    fc.array(syntaxPieces, { maxLength: 40 }).map((parts) => parts.join('')),
  );

  it('never throws on an arbitrary pattern: it parses or returns a FilterPatternError', () => {
    fc.assert(
      fc.property(patterns, (pattern) => {
        const result = parseFilterPattern(pattern);
        if (!result.ok) expect(result.error).toBeInstanceOf(FilterPatternError);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws when a valid pattern meets an arbitrary line', () => {
    const pattern = compileFilterPattern('{ ($.a.b[0] = "x*") || ($.n >= 3) || ($.z IS NULL) || ($.m = %^a%) }');
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (line) => {
        expect(typeof matchesFilterPattern(pattern, line)).toBe('boolean');
      }),
    );
  });

  it('a || b matches exactly when a or b matches; a && b exactly when both do', () => {
    const a = compileFilterPattern('{ $.a = 1 }');
    const b = compileFilterPattern('{ $.b = "x*" }');
    const or = compileFilterPattern('{ ($.a = 1) || ($.b = "x*") }');
    const and = compileFilterPattern('{ ($.a = 1) && ($.b = "x*") }');
    const documents = fc.record(
      { a: fc.oneof(fc.constant(1), fc.integer(), fc.string()), b: fc.oneof(fc.string(), fc.constant('xy')) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(documents, (document) => {
        const line = JSON.stringify(document);
        const inA = matchesFilterPattern(a, line);
        const inB = matchesFilterPattern(b, line);
        expect(matchesFilterPattern(or, line)).toBe(inA || inB);
        expect(matchesFilterPattern(and, line)).toBe(inA && inB);
      }),
    );
  });
});

describe('JSON filter pattern: bare values', () => {
  it('takes letters, digits and _ . * - + unquoted, and asks for quotes around anything else, as AWS does', () => {
    expect(parseFilterPattern('{ $.sourceIPAddress != 123.123.* }').ok).toBe(true);
    expect(parseFilterPattern('{ $.email = "John.Doe@example.com" }').ok).toBe(true);
    const error = parseErrorOf('{ $.email = John.Doe@example.com }');
    expect(error.message).toContain('must be quoted: "John.Doe@example.com" (at character 13)');
    expect(parseErrorOf('{ $.name = café }').message).toContain('must be quoted');
  });
});
