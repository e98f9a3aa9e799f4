import type { DeadLetter, Sink } from '../../../shared/core/types.js';
import { deliverDocuments } from '../../../shared/pipeline/deliver/deliverDocuments.js';
import { aLogDocument } from '../../builders.js';

describe('delivering documents', () => {
  it('keeps what the sink refused as dead letters whose reason never holds the sink’s credentials', async () => {
    const sink: Sink = {
      name: 'opensearch:https://admin:planted-pw@search.example:9200',
      async deliver(documents) {
        return {
          delivered: 0,
          failed: documents.map((document) => ({ document, reason: 'token=planted-token rejected' })),
        };
      },
    };
    const kept: DeadLetter[] = [];

    const outcome = await deliverDocuments([aLogDocument()], sink, {
      name: 'memory',
      write: async (l) => void kept.push(...l),
    });

    expect(outcome.deadLettered).toHaveLength(1);
    expect(kept[0]?.reason).toBe('opensearch:https://admin:****@search.example:9200: token=**** rejected');
  });
});
