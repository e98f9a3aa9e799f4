import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { classifyInputLine } from '../../cli/inputs';

const data = gzipSync(JSON.stringify({ messageType: 'DATA_MESSAGE' })).toString('base64');

describe('classifyInputLine', () => {
  it('recognises a subscription event as Lambda receives it', () => {
    expect(classifyInputLine(JSON.stringify({ awslogs: { data } }))).toMatchObject({ kind: 'subscription-event' });
  });

  it('recognises the bare base64 data string by its gzip magic', () => {
    expect(classifyInputLine(data)).toEqual({ kind: 'subscription-data', data });
  });

  it('keeps a truncated event-looking line as a raw line, whole', () => {
    const line = '{"awslogs":{"data":"H4sIAAAA';
    expect(classifyInputLine(line)).toEqual({ kind: 'raw', line });
  });

  it('treats JSON app logs and text as raw lines', () => {
    expect(classifyInputLine('{"level":"INFO","message":"awslogs mentioned"}').kind).toBe('raw');
    expect(classifyInputLine('plain text').kind).toBe('raw');
  });

  it('never throws and always returns one of the three kinds', () => {
    fc.assert(
      fc.property(fc.string(), (line) => {
        expect(['raw', 'subscription-event', 'subscription-data']).toContain(classifyInputLine(line).kind);
      }),
    );
  });
});
