export {
  type DecodeLimits,
  type DecodeResult,
  decodeSubscriptionData,
  decodeSubscriptionEvent,
  decodeSubscriptionPayload,
  type RejectedEvent,
} from './decodeSubscription.js';
export { MAX_INFLATED_BYTES, MAX_RAW_CHARS } from './limits.js';
