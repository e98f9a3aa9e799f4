import type { Client } from '@opensearch-project/opensearch';
import deadLetterTemplate from '../../../opensearch/dead-letter-template.json';
import indexTemplate from '../../../opensearch/index-template.json';
import { DEFAULT_INDEX_PREFIX } from './bulkSink.js';
import { deadLetterIndexName } from './deadLetterIndex.js';

/** The composable index templates of a prefix: the documents' (`<prefix>-*`) and the dead letters'. */
export function buildIndexTemplates(prefix: string = DEFAULT_INDEX_PREFIX) {
  const documents = structuredClone(indexTemplate) as Record<string, unknown>;
  documents.index_patterns = [`${prefix}-*`];
  const deadLetters = structuredClone(deadLetterTemplate) as Record<string, unknown>;
  deadLetters.index_patterns = [`${deadLetterIndexName(prefix)}*`];
  return [
    { name: prefix, body: documents },
    { name: deadLetterIndexName(prefix), body: deadLetters },
  ];
}

/**
 * Installs (or replaces) the index templates of a prefix with PUT _index_template: idempotent, so
 * `teddy-logs setup opensearch` can run on every deploy. The templates govern indices created afterwards, whether
 * the direct sink or Firehose creates them. Returns the template names.
 */
export async function installIndexTemplate(client: Client, prefix: string = DEFAULT_INDEX_PREFIX): Promise<string[]> {
  const templates = buildIndexTemplates(prefix);
  for (const { name, body } of templates) {
    await client.indices.putIndexTemplate({ name, body: body as never });
  }
  return templates.map((template) => template.name);
}
