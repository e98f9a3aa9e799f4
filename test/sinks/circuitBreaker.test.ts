import { createCircuitBreaker } from '../../shared/sinks/circuitBreaker';

describe('createCircuitBreaker', () => {
  function aBreaker() {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 3, coolDownMs: 1_000, now: () => now });
    return { breaker, advance: (ms: number) => (now += ms) };
  }

  it('stays closed until the threshold of consecutive failed batches', () => {
    const { breaker } = aBreaker();
    breaker.recordFailure('refused');
    breaker.recordFailure('refused');
    expect(breaker.check()).toBeUndefined();
    breaker.recordFailure('refused');
    expect(breaker.check()).toBe('not sent: the circuit is open after 3 consecutive failed batches (last: refused)');
  });

  it('forgets failures after a batch that got through', () => {
    const { breaker } = aBreaker();
    breaker.recordFailure('a');
    breaker.recordFailure('b');
    breaker.recordSuccess();
    breaker.recordFailure('c');
    expect(breaker.check()).toBeUndefined();
  });

  it('lets one probe through after the cool-down, and closes when it succeeds', () => {
    const { breaker, advance } = aBreaker();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure('refused');
    advance(999);
    expect(breaker.check()).toBeDefined();
    advance(1);
    expect(breaker.check()).toBeUndefined(); // the probe
    expect(breaker.check()).toBeDefined(); // the others wait for it
    breaker.recordSuccess();
    expect(breaker.check()).toBeUndefined();
  });

  it('opens again at once when the probe fails', () => {
    const { breaker, advance } = aBreaker();
    for (let i = 0; i < 3; i += 1) breaker.recordFailure('refused');
    advance(1_000);
    expect(breaker.check()).toBeUndefined();
    breaker.recordFailure('still refused');
    expect(breaker.check()).toMatch(/after 4 consecutive failed batches \(last: still refused\)/);
  });
});
