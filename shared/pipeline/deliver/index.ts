export { type DeliveryOutcome, deliverDocuments, keepDeadLetters } from './deliverDocuments.js';
