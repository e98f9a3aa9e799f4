import type { Client } from '@opensearch-project/opensearch';
import indexTemplate from '../../../elasticsearch/index-template.json';
// The dead letters' mapping has only core types (keyword, text, date, object): the same file serves both engines.
import deadLetterTemplate from '../../../opensearch/dead-letter-template.json';
import { DEFAULT_INDEX_PREFIX } from '../opensearch/bulkSink.js';
import { deadLetterIndexName } from '../opensearch/deadLetterIndex.js';

export interface ElasticsearchTemplateOptions {
  /** The ILM policy new daily indices are put under; only where the cluster has ILM (an unknown setting fails). */
  lifecyclePolicy?: string;
}

/**
 * The composable index templates of a prefix for Elasticsearch: the documents' (`<prefix>-*`, `flattened` metadata,
 * the ILM policy when given) and the dead letters' (`<prefix>-deadletter*`, never under the policy: retention keeps
 * dead letters by its own rule).
 */
export function buildElasticsearchIndexTemplates(
  prefix: string = DEFAULT_INDEX_PREFIX,
  options: ElasticsearchTemplateOptions = {},
) {
  const documents = structuredClone(indexTemplate) as typeof indexTemplate & { index_patterns: string[] };
  documents.index_patterns = [`${prefix}-*`];
  if (options.lifecyclePolicy) {
    (documents.template.settings as Record<string, unknown>)['index.lifecycle.name'] = options.lifecyclePolicy;
  }
  const deadLetters = structuredClone(deadLetterTemplate) as Record<string, unknown>;
  deadLetters.index_patterns = [`${deadLetterIndexName(prefix)}*`];
  return [
    { name: prefix, body: documents as Record<string, unknown> },
    { name: deadLetterIndexName(prefix), body: deadLetters },
  ];
}

/** PUT _index_template for each (idempotent: replaced on every run). Returns the template names. */
export async function installElasticsearchTemplates(
  client: Client,
  prefix: string = DEFAULT_INDEX_PREFIX,
  options: ElasticsearchTemplateOptions = {},
): Promise<string[]> {
  const templates = buildElasticsearchIndexTemplates(prefix, options);
  for (const { name, body } of templates) {
    await client.indices.putIndexTemplate({ name, body: body as never });
  }
  return templates.map((template) => template.name);
}
