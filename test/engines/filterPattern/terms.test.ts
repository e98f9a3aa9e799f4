import {
  compileFilterPattern,
  matchesFilterPattern,
  matchesFilterPatternValue,
  parseFilterPattern,
} from '../../../shared/engines/filterPattern/index.js';

function matches(pattern: string, message: string): boolean {
  return matchesFilterPattern(compileFilterPattern(pattern), message);
}

describe('term patterns', () => {
  it('finds a term anywhere in the message, case-sensitively', () => {
    expect(matches('ERROR', 'Exiting with ERRORCODE: -1')).toBe(true);
    expect(matches('ERROR', 'an error')).toBe(false);
    expect(matches('timeout', '{"message":"upstream timeout"}')).toBe(true);
  });

  it('needs every plain term, and none of the excluded ones', () => {
    expect(matches('ERROR Exception', '[ERROR] Unhandled Exception')).toBe(true);
    expect(matches('ERROR Exception', '[ERROR] Unhandled')).toBe(false);
    expect(matches('ERROR -DEBUG -TRACE', 'ERROR x')).toBe(true);
    expect(matches('ERROR -DEBUG -TRACE', 'ERROR TRACE x')).toBe(false);
  });

  it('treats each ? as the start of an alternative, the terms after it joining that alternative (AWS CDK)', () => {
    // FilterPattern.anyTermGroup(['ERROR', 'MainThread'], ['WARN', 'Deadlock']) renders this pattern.
    const pattern = '?"ERROR" "MainThread" ?"WARN" "Deadlock"';
    expect(matches(pattern, 'ERROR in MainThread')).toBe(true);
    expect(matches(pattern, 'WARN Deadlock detected')).toBe(true);
    expect(matches(pattern, 'ERROR in worker')).toBe(false);
    expect(matches(pattern, 'WARN slow')).toBe(false);
  });

  it('matches a quoted phrase exactly, with \\" for a quote inside', () => {
    expect(matches('"INTERNAL SERVER ERROR"', '[ERROR 500] INTERNAL SERVER ERROR')).toBe(true);
    expect(matches('"INTERNAL SERVER ERROR"', 'INTERNAL  SERVER ERROR')).toBe(false);
    expect(matches('"level=\\"error\\""', 'ts=1 level="error" msg=x')).toBe(true);
    expect(matches('"user@example.com"', 'login user@example.com')).toBe(true);
  });

  it('matches everything with an empty pattern or a blank quoted term', () => {
    for (const pattern of ['', '   ', '" "', '""']) {
      expect([pattern, matches(pattern, 'anything at all')]).toEqual([pattern, true]);
      expect([pattern, matches(pattern, '')]).toEqual([pattern, true]);
    }
  });

  it('rejects an unquoted term with characters other than letters, digits and _, pointing at the character', () => {
    const result = parseFilterPattern('ERROR user@example');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('must be quoted: "user@example"');
      expect(result.error.position).toBe(10);
    }
    expect(parseFilterPattern('ERROR ?').ok).toBe(false);
    expect(parseFilterPattern('"unclosed').ok).toBe(false);
  });

  it('reads a document as its JSON text for drop rules', () => {
    const pattern = compileFilterPattern('"\\"level\\":\\"DEBUG\\"" -keep');
    expect(matchesFilterPatternValue(pattern, { level: 'DEBUG', message: 'x' })).toBe(true);
    expect(matchesFilterPatternValue(pattern, { level: 'DEBUG', message: 'keep' })).toBe(false);
  });
});

describe('standalone regex patterns', () => {
  it('matches anywhere in the message unless anchored', () => {
    expect(matches('%AUTHORIZED%', '[SUCCESS 200] AUTHORIZED REQUEST')).toBe(true);
    expect(matches('%^\\[ERROR%', '[ERROR 400] BAD REQUEST')).toBe(true);
    expect(matches('%^\\[ERROR%', 'x [ERROR 400]')).toBe(false);
    expect(matches('%REQUEST$%', '[ERROR 400] BAD REQUEST')).toBe(true);
  });

  it('is case-sensitive unless the regex spells both cases', () => {
    expect(matches('%error%', 'ERROR')).toBe(false);
    expect(matches('%[Ee][Rr][Rr][Oo][Rr]%', 'ERROR')).toBe(true);
  });
});

describe('pattern forms', () => {
  it('reads a pattern that starts with % as one regex, which must end with the last %', () => {
    for (const pattern of ['%abc', '%a% ERROR', '%']) {
      const result = parseFilterPattern(pattern);
      expect([pattern, result.ok ? 'ok' : result.error.message]).toEqual([
        pattern,
        'a regex pattern is the whole pattern, between one % and the last % (at character 1)',
      ]);
    }
  });
});
