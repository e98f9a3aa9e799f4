// Asserts what the consumer's ESM and CJS runs wrote (scripts/logger-consumer-check.sh): one JSON line per call in
// the document contract, the planted e-mail redacted, the child id hashed exactly as the pipeline hashes it.
// Usage: node expect-lines.mjs <expected child hash> <esm stdout> <cjs stdout>
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const [expectedHash, esmFile, cjsFile] = process.argv.slice(2);

function linesOf(file) {
  const text = readFileSync(file, 'utf8');
  assert.doesNotMatch(text, /parent@example\.com|child-42/, `${file} leaks the planted e-mail or the raw child id`);
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

const esm = linesOf(esmFile);
assert.equal(esm.length, 1, 'ESM: one line (the debug call is below the default INFO level)');
assert.deepEqual(
  { ...esm[0], timestamp: typeof esm[0].timestamp },
  {
    level: 'INFO',
    timestamp: 'string',
    service: 'consumer-check',
    logger: 'consumer_esm',
    category: 'security',
    correlation_id: 'consumer-esm-1',
    child_id: expectedHash,
    source_redaction: [{ kind: 'email', count: 1 }],
    message: 'reset link requested by [REDACTED:email]',
  },
);

const cjs = linesOf(cjsFile);
assert.equal(cjs.length, 2, 'CJS: two lines');
assert.equal(cjs[0].message, 'contact [REDACTED:email] about the story');
assert.equal(cjs[0].child_id, expectedHash);
assert.deepEqual(
  [cjs[1].level, cjs[1].category, cjs[1].child_id, cjs[1].correlation_id, cjs[1].metadata],
  ['WARN', 'child_safety', expectedHash, 'consumer-cjs-1', { action: 'blocked' }],
);
process.stdout.write('consumer lines: e-mail redacted, child id hashed as the pipeline hashes it (ESM and CJS)\n');
