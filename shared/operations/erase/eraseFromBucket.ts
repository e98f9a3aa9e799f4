import { gunzipSync, gzipSync } from 'node:zlib';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ChildMatcher } from './childMatcher.js';
import { joinRecords, mentionsChild, splitJsonRecords } from './records.js';

export const ObjectAction = {
  UNTOUCHED: 'untouched',
  /** Every record in it was the child's (or it could not be split and mentions the child): deleted. */
  DELETED: 'deleted',
  /** Rewritten without the child's records. */
  REWRITTEN: 'rewritten',
} as const;
export type ObjectActionName = (typeof ObjectAction)[keyof typeof ObjectAction];

export interface ObjectErasure {
  key: string;
  action: ObjectActionName;
  records_removed: number;
  records_kept: number;
}

export interface BucketErasureReport {
  bucket: string;
  objects_scanned: number;
  objects_deleted: number;
  objects_rewritten: number;
  records_removed: number;
  /** The objects changed (or that would be): keys name batches and letters, never the child. */
  changed: ObjectErasure[];
}

/**
 * Removes the child's records from one object: NDJSON or back-to-back JSON (gzipped or not, as Firehose writes its
 * backups), each record checked for the hashes directly and inside base64 payloads (`rawData`). The object is
 * deleted when nothing else is left in it, rewritten without those records otherwise. A dry run only counts.
 */
export async function eraseFromObject(
  s3: S3Client,
  bucket: string,
  key: string,
  matches: ChildMatcher,
  dryRun: boolean,
): Promise<ObjectErasure> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from(
    await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = (gzipped ? gunzipSync(bytes) : bytes).toString('utf8');
  const untouched = { key, action: ObjectAction.UNTOUCHED, records_removed: 0, records_kept: 0 };
  const split = splitJsonRecords(text);
  if (!split) {
    // Not a sequence of JSON records: if it mentions the child anywhere, all of it goes.
    return mentionsChild(text, matches) ? deleteWhole(s3, bucket, key, 1, dryRun) : untouched;
  }
  const kept = split.records.filter((record) => !mentionsChild(record, matches));
  const removed = split.records.length - kept.length;
  if (removed === 0) return untouched;
  if (kept.length === 0) return deleteWhole(s3, bucket, key, removed, dryRun);
  if (!dryRun) {
    const body = Buffer.from(joinRecords(split, kept), 'utf8');
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: gzipped ? gzipSync(body) : body,
        ContentType: object.ContentType,
        ContentEncoding: object.ContentEncoding,
        Metadata: object.Metadata,
      }),
    );
  }
  return { key, action: ObjectAction.REWRITTEN, records_removed: removed, records_kept: kept.length };
}

async function deleteWhole(
  s3: S3Client,
  bucket: string,
  key: string,
  records: number,
  dryRun: boolean,
): Promise<ObjectErasure> {
  if (!dryRun) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  return { key, action: ObjectAction.DELETED, records_removed: records, records_kept: 0 };
}

/**
 * Scans every object of a bucket (the dead-letter bucket, the Firehose failed-document backups) and removes the
 * child's records. The buckets are unversioned on purpose (resources/storage.yml): a delete or rewrite is final.
 */
export async function eraseFromBucket(
  s3: S3Client,
  bucket: string,
  matches: ChildMatcher,
  dryRun: boolean,
  /** `s3://bucket/key` of objects already dealt with (a pointer letter's object): not counted twice. */
  alreadyHandled: ReadonlySet<string> = new Set(),
): Promise<BucketErasureReport> {
  const report: BucketErasureReport = {
    bucket,
    objects_scanned: 0,
    objects_deleted: 0,
    objects_rewritten: 0,
    records_removed: 0,
    changed: [],
  };
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
    for (const object of page.Contents ?? []) {
      if (!object.Key || alreadyHandled.has(`s3://${bucket}/${object.Key}`)) continue;
      report.objects_scanned += 1;
      const result = await eraseFromObject(s3, bucket, object.Key, matches, dryRun);
      if (result.action === ObjectAction.UNTOUCHED) continue;
      report.changed.push(result);
      report.records_removed += result.records_removed;
      if (result.action === ObjectAction.DELETED) report.objects_deleted += 1;
      else report.objects_rewritten += 1;
    }
  }
  return report;
}
