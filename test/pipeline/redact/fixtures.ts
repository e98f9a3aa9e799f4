import type { LogDocument } from '../../../shared/core/types.js';

/** A processed document as normalise hands it to redact; raw child id and client IP included. */
export function aLogDocument(overrides: Partial<LogDocument> = {}): LogDocument {
  return {
    '@timestamp': '2024-06-17T12:34:56.789Z',
    level: 'INFO',
    message: 'story generated',
    category: 'business',
    service: 'story-service',
    environment: 'prod',
    correlation_id: '9b2c1a8e-3f4d-4e5a-8b6c-7d8e9f0a1b2c',
    tags: [],
    aws: {
      log_group: '/aws/ai-teddy-bear/prod/story-service',
      log_stream: '2024/06/17/[$LATEST]0123456789abcdef0123456789abcdef',
      event_id: '37830456489516398637463473425341414143823568640901087232',
      account_id: '123456789012',
      region: 'eu-west-1',
    },
    lambda: { request_id: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef', duration_ms: 102.25, memory_size_mb: 128 },
    ...overrides,
  };
}

export const A_KEY = { version: 'v1', secret: 'test-child-id-key-0123456789' } as const;
export const AN_OLD_KEY = { version: 'v0', secret: 'old-test-child-id-key-98765' } as const;

/** The Luhn check digit that makes `body` + digit a valid card number (for planting cards in tests). */
export function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i += 1) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
