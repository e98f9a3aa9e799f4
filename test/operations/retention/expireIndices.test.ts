import fc from 'fast-check';
import { compileDailyIndexPattern, parseIndexDate } from '../../../shared/operations/retention/expireIndices.js';

describe('daily index names', () => {
  const pattern = compileDailyIndexPattern('ai-teddy-bear-logs');

  it('reads the day from the CLI form and from Firehose’s OneDay rotation form', () => {
    expect(parseIndexDate('ai-teddy-bear-logs-2024.01.15', pattern)?.toISOString()).toBe('2024-01-15T00:00:00.000Z');
    expect(parseIndexDate('ai-teddy-bear-logs-2024-01-15', pattern)?.toISOString()).toBe('2024-01-15T00:00:00.000Z');
  });

  it.each([
    'ai-teddy-bear-logs-deadletter',
    'other-2020.01.01',
    'ai-teddy-bear-logs-2020.01.01-restored',
    'ai-teddy-bear-logs-x-2020.01.01',
    'xai-teddy-bear-logs-2020.01.01',
    'ai-teddy-bear-logs-2020.01-01',
    'ai-teddy-bear-logs-2020.13.01',
    'ai-teddy-bear-logs-2023.02.29',
    'ai-teddy-bear-logs',
  ])('is not a daily index: %s', (name) => {
    expect(parseIndexDate(name, pattern)).toBeUndefined();
  });

  it('escapes the prefix: a dot in it matches only a dot', () => {
    const dotted = compileDailyIndexPattern('logs.app');

    expect(parseIndexDate('logs.app-2024.01.01', dotted)).toBeDefined();
    expect(parseIndexDate('logsXapp-2024.01.01', dotted)).toBeUndefined();
  });

  it('matches every real day and only names that start with the prefix', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
        (date) => {
          const day = date.toISOString().slice(0, 10);
          const parsed = parseIndexDate(`ai-teddy-bear-logs-${day.replaceAll('-', '.')}`, pattern);

          expect(parsed?.toISOString().slice(0, 10)).toBe(day);
        },
      ),
    );
    fc.assert(
      fc.property(fc.string(), (name) => {
        if (parseIndexDate(name, pattern)) expect(name.startsWith('ai-teddy-bear-logs-')).toBe(true);
      }),
    );
  });
});
