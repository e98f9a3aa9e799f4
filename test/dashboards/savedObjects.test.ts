import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSavedObjects,
  DASHBOARDS,
  dashboardQueries,
  INDEX_PATTERN,
  renderDashboardsNdjson,
  type SavedObject,
} from '../../shared/dashboards/index.js';

const NDJSON_PATH = join(__dirname, '../../opensearch/dashboards.ndjson');

describe('OpenSearch Dashboards saved objects', () => {
  it('are committed exactly as generated (regenerate with the command in RUNBOOK.md)', () => {
    expect(readFileSync(NDJSON_PATH, 'utf8')).toBe(renderDashboardsNdjson());
  });

  it('hold the index pattern and the guide four dashboards', () => {
    const objects = buildSavedObjects();
    const [indexPattern] = objects;
    expect(indexPattern).toMatchObject({
      type: 'index-pattern',
      attributes: { title: INDEX_PATTERN, timeFieldName: '@timestamp' },
    });
    expect(objects.filter((o) => o.type === 'dashboard').map((o) => o.attributes.title)).toEqual([
      'System Overview',
      'Child Safety Monitor',
      'Security Dashboard',
      'Performance Monitor',
    ]);
  });

  it('reference only objects that are in the file', () => {
    const objects = buildSavedObjects();
    const ids = new Set(objects.map((o: SavedObject) => `${o.type}:${o.id}`));
    for (const object of objects) {
      for (const reference of object.references) expect(ids).toContain(`${reference.type}:${reference.id}`);
    }
    const dashboards = objects.filter((o) => o.type === 'dashboard');
    for (const dashboard of dashboards) {
      const panels = JSON.parse(String(dashboard.attributes.panelsJSON));
      expect(panels.map((p: { panelRefName: string }) => p.panelRefName)).toEqual(
        dashboard.references.map((r) => r.name),
      );
    }
  });

  it('give every visualization a parseable state and the Lucene query the tests run', () => {
    const queries = new Map(dashboardQueries().map((q) => [q.visualization, q]));
    for (const object of buildSavedObjects().filter((o) => o.type === 'visualization')) {
      const visState = JSON.parse(String(object.attributes.visState));
      expect(visState.aggs[0].schema).toBe('metric');
      const meta = object.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string };
      const searchSource = JSON.parse(meta.searchSourceJSON);
      expect(searchSource.query.language).toBe('lucene');
      const query = queries.get(object.id)?.body.query as {
        bool: { filter: Array<{ query_string: { query: string } }> };
      };
      expect(query.bool.filter[0].query_string.query).toBe(searchSource.query.query);
    }
  });

  it('list one query per visualization, in dashboard order', () => {
    const count = DASHBOARDS.reduce((sum, d) => sum + d.visualizations.length, 0);
    const queries = dashboardQueries();
    expect(queries).toHaveLength(count);
    expect(new Set(queries.map((q) => q.visualization)).size).toBe(count);
    expect(queries.every((q) => q.index === INDEX_PATTERN)).toBe(true);
  });
});
