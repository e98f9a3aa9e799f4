import {
  compileFilterPattern,
  compileMetricTransformation,
  emitMetric,
  matchFilterPattern,
  parseFilterPattern,
} from '../../../shared/engines/filterPattern/index.js';
import { splitFields } from '../../../shared/engines/filterPattern/spaceDelimited.js';

function fieldsOf(pattern: string, message: string) {
  return matchFilterPattern(compileFilterPattern(pattern), message)?.fields;
}

const APACHE = '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534';

describe('space-delimited patterns: splitting events', () => {
  it('splits at spaces and tabs, keeping [...] and "..." as one field without the brackets or quotes', () => {
    expect(splitFields(APACHE)).toEqual([
      '127.0.0.1',
      '-',
      'frank',
      '10/Oct/2000:13:25:15 -0700',
      'GET /apache_pb.gif HTTP/1.0',
      '200',
      '1534',
    ]);
    expect(splitFields('  a\t\tb  ')).toEqual(['a', 'b']);
    expect(splitFields('a "" []')).toEqual(['a', '', '']);
  });

  it('reads an unclosed [ or " as an ordinary field', () => {
    expect(splitFields('a [b c')).toEqual(['a', '[b', 'c']);
    expect(splitFields('a "b c')).toEqual(['a', '"b', 'c']);
  });
});

describe('space-delimited patterns: matching', () => {
  it('needs exactly as many fields as the pattern names, unless it has ...', () => {
    expect(fieldsOf('[a, b]', 'x y')).toEqual({ $a: 'x', $b: 'y' });
    expect(fieldsOf('[a, b]', 'x y z')).toBeUndefined();
    expect(fieldsOf('[a, ...]', 'x y z')).toEqual({ $a: 'x', $2: 'y', $3: 'z' });
    expect(fieldsOf('[..., z]', 'x')).toEqual({ $z: 'x' });
    expect(fieldsOf('[a, ..., z]', 'x')).toBeUndefined();
  });

  it('compares numbers numerically and text with leading / trailing wildcards', () => {
    expect(fieldsOf('[..., status = 200, bytes > 1000]', APACHE)).toBeDefined();
    expect(fieldsOf('[..., status = 200.0, bytes >= 1534]', APACHE)).toBeDefined();
    expect(fieldsOf('[..., status != 200, bytes]', APACHE)).toBeUndefined();
    expect(fieldsOf('[..., status, bytes < 1000]', APACHE)).toBeUndefined();
    expect(fieldsOf('[..., request = "GET /apache*", status, bytes]', APACHE)).toBeDefined();
    expect(fieldsOf('[..., request = *.gif*, status = 2*, bytes]', APACHE)).toBeDefined();
    expect(fieldsOf('[ip, ..., bytes > 1000]', 'frank - - 12kB')).toBeUndefined();
  });

  it('evaluates && before || inside a field, and regexes there', () => {
    const pattern = '[..., status = 4* && status != 404 || status = 500, bytes]';
    expect(fieldsOf(pattern, 'x 403 1')).toBeDefined();
    expect(fieldsOf(pattern, 'x 404 1')).toBeUndefined();
    expect(fieldsOf(pattern, 'x 500 1')).toBeDefined();
    expect(fieldsOf('[level = %^[EW]%, msg]', 'INFO x')).toBeUndefined();
    expect(fieldsOf('[level = %^[EW]%, ...]', 'WARN disk full')).toBeDefined();
  });

  it('names unnamed fields by position: an empty slot or *', () => {
    expect(fieldsOf('[a, , *]', 'x y z')).toEqual({ $a: 'x', $2: 'y', $3: 'z' });
  });

  it('publishes a named or positional field as the metric value', () => {
    const pattern = compileFilterPattern('[ip, id, user, timestamp, request, status_code, size]');
    const match = matchFilterPattern(pattern, APACHE);
    if (!match) throw new Error('expected a match');
    expect(emitMetric(compileMetricTransformation(pattern, { metricValue: '$size' }), match).value).toBe(1534);
    expect(emitMetric(compileMetricTransformation(pattern, { metricValue: '$6' }), match).value).toBe(200);
    expect(() => compileMetricTransformation(pattern, { metricValue: '$bytes' })).toThrow(
      /one of the pattern's fields/,
    );
  });
});

describe('space-delimited patterns: errors', () => {
  it.each([
    ['[a, b', 'must end with "]"'],
    ['[a, ..., b, ...]', '"..." only once'],
    ['[a b]', 'expected an operator (= != < > <= >=) after the field name'],
    ['[a = 1 b]', 'expected "," between fields'],
    ['[a = ]', 'expected a value after ='],
    ['[a > x]', '> compares numbers only'],
    ['[a ! 1]', '"!" must be followed by "="'],
    ['[a = %x%, b = %y%, c = %z%]', 'at most 2 regular expressions'],
    ['[a = "x]', 'not closed'],
    ['[a = 1 && = 2]', 'expected a field name'],
  ])('rejects %s: %s', (pattern, why) => {
    const result = parseFilterPattern(pattern);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(why);
  });
});
