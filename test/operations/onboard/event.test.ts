import { groupNamesFromEvent } from '../../../shared/operations/onboard/event.js';

function aCloudTrailEvent(detail: Record<string, unknown>) {
  return { 'detail-type': 'AWS API Call via CloudTrail', source: 'aws.logs', detail };
}

describe('the onboard trigger', () => {
  it('names the group of a CreateLogGroup event', () => {
    const event = aCloudTrailEvent({ eventName: 'CreateLogGroup', requestParameters: { logGroupName: '/aws/a' } });

    expect(groupNamesFromEvent(event)).toEqual(['/aws/a']);
  });

  it('names no group when the CreateLogGroup call failed', () => {
    const event = aCloudTrailEvent({
      eventName: 'CreateLogGroup',
      errorCode: 'ResourceAlreadyExistsException',
      requestParameters: { logGroupName: '/aws/a' },
    });

    expect(groupNamesFromEvent(event)).toEqual([]);
  });

  it.each([
    ['a scheduled event', { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} }],
    ['a direct invocation', {}],
    ['no event', undefined],
    ['another API call', aCloudTrailEvent({ eventName: 'DeleteLogGroup', requestParameters: { logGroupName: '/a' } })],
  ])('sweeps every group on %s', (_name, event) => {
    expect(groupNamesFromEvent(event)).toBeUndefined();
  });
});
