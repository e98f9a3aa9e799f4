/**
 * What the chosen topology adds between CloudWatch Logs and ship (resources/topologies.yml): in `kinesis`, the stream
 * and ship's event source mapping on it; in `firehose`, the ingest stream ship transforms. `lambda` adds nothing.
 */
import type { FirehoseClient } from '@aws-sdk/client-firehose';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { checkFirehoseStream, deployFix } from './awsChecks.js';
import { type DoctorCheck, isNotFound, missingPiece, readyPiece } from './check.js';
import type { Deployment } from './deployment.js';

export interface TopologyClients {
  kinesis: KinesisClient;
  lambda: LambdaClient;
  firehose: FirehoseClient;
}

export async function checkTopology(clients: TopologyClients, deployment: Deployment): Promise<DoctorCheck[]> {
  if (deployment.topology === 'kinesis') return checkKinesis(clients, deployment);
  if (deployment.topology === 'firehose') {
    const ingest = await checkFirehoseStream(
      clients.firehose,
      deployment.ingestStream,
      'Firehose ingest stream',
      deployment,
    );
    return [ingest.check];
  }
  return [];
}

/** The stream is ACTIVE, and ship reads it through an enabled event source mapping. */
async function checkKinesis(clients: TopologyClients, deployment: Deployment): Promise<DoctorCheck[]> {
  const { DescribeStreamSummaryCommand } =
    require('@aws-sdk/client-kinesis') as typeof import('@aws-sdk/client-kinesis');
  const piece = `Kinesis stream ${deployment.kinesisStream}`;
  let streamArn: string | undefined;
  try {
    const { StreamDescriptionSummary: stream } = await clients.kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: deployment.kinesisStream }),
    );
    streamArn = stream?.StreamARN;
    if (stream?.StreamStatus !== 'ACTIVE') {
      return [missingPiece(piece, String(stream?.StreamStatus), `wait for ACTIVE, or ${deployFix(deployment)}`)];
    }
  } catch (error) {
    return [missingPiece(piece, isNotFound(error) ? 'missing' : (error as Error).message, deployFix(deployment))];
  }
  return [readyPiece(piece, 'ACTIVE'), await checkStreamMapping(clients.lambda, deployment, streamArn)];
}

async function checkStreamMapping(lambda: LambdaClient, deployment: Deployment, streamArn?: string) {
  const { ListEventSourceMappingsCommand } =
    require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');
  const piece = `event source mapping ${deployment.kinesisStream} -> ${deployment.shipFunction}`;
  const { EventSourceMappings = [] } = await lambda.send(
    new ListEventSourceMappingsCommand({ FunctionName: deployment.shipFunction, EventSourceArn: streamArn }),
  );
  const [mapping] = EventSourceMappings;
  if (!mapping) return missingPiece(piece, 'missing: nothing reads the stream', deployFix(deployment));
  if (mapping.State !== 'Enabled') {
    const enable = `aws lambda update-event-source-mapping --region ${deployment.region} --uuid ${mapping.UUID} --enabled`;
    return missingPiece(piece, `${mapping.State}: the stream is not being read`, enable);
  }
  return readyPiece(piece, 'Enabled');
}
