export { compileDropRules, type DropRule, parseDropPatterns } from './dropRules.js';
