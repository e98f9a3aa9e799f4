/**
 * The doctor's checks of what the pipeline's functions stand on: the ship function itself, and the CloudTrail trail
 * whose `CreateLogGroup` events let the onboard function subscribe a new log group the moment it is created.
 */
import type { CloudTrailClient, EventSelector, Trail } from '@aws-sdk/client-cloudtrail';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { deployFix } from './awsChecks.js';
import { type DoctorCheck, isNotFound, missingPiece, readyPiece } from './check.js';
import type { Deployment } from './deployment.js';

/** The ship function: present, Active, its last update not failed. */
export async function checkShipFunction(lambda: LambdaClient, deployment: Deployment): Promise<DoctorCheck> {
  const { GetFunctionCommand } = require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');
  const name = deployment.shipFunction;
  const piece = `ship function ${name}`;
  try {
    const { Configuration: fn } = await lambda.send(new GetFunctionCommand({ FunctionName: name }));
    if (fn?.State !== 'Active' || fn.LastUpdateStatus === 'Failed') {
      return missingPiece(
        piece,
        `${fn?.State ?? 'unknown'}, last update ${fn?.LastUpdateStatus ?? 'unknown'}: ${fn?.StateReason ?? fn?.LastUpdateStatusReason ?? ''}`.trim(),
        deployFix(deployment),
      );
    }
    return readyPiece(piece, `Active, ${fn.Runtime}`);
  } catch (error) {
    return missingPiece(
      piece,
      isNotFound(error) ? 'missing' : `not readable: ${(error as Error).message}`,
      deployFix(deployment),
    );
  }
}

/** Management events of both kinds (CreateLogGroup is a write). No selectors at all: the default, which logs them. */
function logsManagementWrites(selectors: EventSelector[] | undefined): boolean {
  if (!selectors?.length) return true;
  return selectors.some((s) => s.IncludeManagementEvents !== false && s.ReadWriteType !== 'ReadOnly');
}

/** A trail that covers this region (its home, or multi-region), is logging, and records management writes. */
export async function checkOnboardingTrail(cloudTrail: CloudTrailClient, deployment: Deployment): Promise<DoctorCheck> {
  const { DescribeTrailsCommand } =
    require('@aws-sdk/client-cloudtrail') as typeof import('@aws-sdk/client-cloudtrail');
  const piece = `CloudTrail trail recording CreateLogGroup in ${deployment.region}`;
  const fix =
    'create one as DEPLOY.md step 4 shows (aws cloudtrail create-trail ... && aws cloudtrail start-logging ...)';
  const { trailList = [] } = await cloudTrail.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  const covering = trailList.filter((t) => t.IsMultiRegionTrail || t.HomeRegion === deployment.region);
  for (const trail of covering) {
    if (await isRecording(cloudTrail, trail)) return readyPiece(piece, `${trail.Name} is logging management events`);
  }
  const detail = covering.length
    ? `${covering.map((t) => t.Name).join(', ')}: not logging, or not recording management write events`
    : 'none: new log groups wait for the six-hourly onboarding sweep';
  return missingPiece(piece, detail, fix);
}

async function isRecording(cloudTrail: CloudTrailClient, trail: Trail): Promise<boolean> {
  const { GetTrailStatusCommand, GetEventSelectorsCommand } =
    require('@aws-sdk/client-cloudtrail') as typeof import('@aws-sdk/client-cloudtrail');
  const name = trail.TrailARN ?? trail.Name;
  const status = await cloudTrail.send(new GetTrailStatusCommand({ Name: name }));
  if (!status.IsLogging) return false;
  const { EventSelectors, AdvancedEventSelectors } = await cloudTrail.send(
    new GetEventSelectorsCommand({ TrailName: name }),
  );
  // Advanced selectors are a language of their own: a trail that uses them is taken as recording what it was set to.
  return Boolean(AdvancedEventSelectors?.length) || logsManagementWrites(EventSelectors);
}
