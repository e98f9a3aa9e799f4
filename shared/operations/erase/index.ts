export {
  type ErasureDeps,
  type ErasureReceipt,
  type ErasureRequest,
  type ErasureTargets,
  eraseChild,
  FIREHOSE_MAX_BUFFER_SECONDS,
  formatReceiptLine,
} from './eraseChild.js';
export { MAX_CHILD_ID_LENGTH, validateChildId } from './erasureRequest.js';
export { ErasureRequestError } from './errors.js';
