export { createElasticsearchDeadLetterSink, createElasticsearchSink } from './bulkSink.js';
export {
  createElasticsearchClient,
  DEFAULT_ELASTICSEARCH_TIMEOUT_SECONDS,
  type ElasticsearchClientOptions,
  parseElasticsearchHosts,
} from './client.js';
export {
  ClusterFlavor,
  type ClusterFlavorName,
  type ClusterIdentity,
  detectCluster,
  explainWrongCluster,
  requireClusterFlavor,
  SUPPORTED_MAJORS,
  sinkFor,
} from './cluster.js';
export { detectIlm, ensureIlmPolicy, hasIlmPolicy, type IlmReport, IlmStatus, type IlmStatusName } from './ilm.js';
export { buildIlmPolicy, type IlmPolicy, type IlmPolicyOptions, nameIlmPolicy } from './ilmPolicy.js';
export { buildElasticsearchIndexTemplates, installElasticsearchTemplates } from './installTemplates.js';
export { importKibanaSavedObjects, type KibanaImportResult, renderKibanaNdjson } from './kibana.js';
export { elasticsearchClientOptionsFrom } from './settings.js';
export { type ElasticsearchSetupReport, prepareElasticsearchForWriting, setupElasticsearch } from './setup.js';
