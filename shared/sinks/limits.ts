/**
 * Service limits the sinks respect. Each number says where it comes from; change one only with its source.
 */

/** Amazon Data Firehose quotas, "PutRecordBatch": at most 500 records per call.
 * https://docs.aws.amazon.com/firehose/latest/dev/limits.html */
export const FIREHOSE_MAX_RECORDS_PER_BATCH = 500;

/** Amazon Data Firehose quotas, "PutRecordBatch": at most 4 MiB per call (the records' data, before base64). */
export const FIREHOSE_MAX_BATCH_BYTES = 4 * 1024 * 1024;

/** Amazon Data Firehose quotas: "The maximum size of a record sent to Firehose, before base64-encoding, is 1,000 KiB." */
export const FIREHOSE_MAX_RECORD_BYTES = 1_000 * 1024;

/** Amazon SQS message quotas: a message body of at most 256 KiB (262,144 bytes). Queues created since 2025 may
 * accept up to 1 MiB, but a queue's MaximumMessageSize may be lower, so the sink keeps to the classic limit.
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html */
export const SQS_MAX_MESSAGE_BYTES = 256 * 1024;

/** Amazon SQS batch calls — SendMessageBatch, DeleteMessageBatch, ChangeMessageVisibilityBatch — take at most 10
 * entries, and ReceiveMessage returns at most 10 (MaxNumberOfMessages 1-10); same quotas page as
 * SQS_MAX_MESSAGE_BYTES... */
export const SQS_MAX_BATCH_ENTRIES = 10;

/** ...and at most 256 KiB for the sum of all their bodies (same quotas page as SQS_MAX_MESSAGE_BYTES). */
export const SQS_MAX_BATCH_BYTES = 256 * 1024;

/** The bulk request size OpenSearch's tuning guide recommends starting from (5–15 MiB); well under the 10 MiB
 * HTTP payload limit of the smallest Amazon OpenSearch Service instance types and the node default
 * `http.max_content_length` of 100 MB. https://docs.opensearch.org/latest/tuning-your-cluster/performance/ */
export const OPENSEARCH_DEFAULT_MAX_BULK_BYTES = 5 * 1024 * 1024;

/** Documents per bulk request: a common starting point that keeps one request's latency short. */
export const OPENSEARCH_DEFAULT_MAX_BULK_DOCS = 1_000;

/** The largest document the direct OpenSearch sink sends: the same as a Firehose record, so both paths truncate
 * alike and a document never differs by the path it took. */
export const OPENSEARCH_MAX_DOCUMENT_BYTES = FIREHOSE_MAX_RECORD_BYTES;
