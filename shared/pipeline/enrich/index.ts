export { enrichDocument, TAGS_BY_CATEGORY } from './enrichDocument.js';
