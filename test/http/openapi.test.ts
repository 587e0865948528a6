// The OpenAPI document: built from the zod schemas, committed, served, and rendered offline.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createApplication } from '../../src/app/application.ts';
import { openApiJson as documentOf } from '../../src/http/openapi/openapi-file.ts';
import { SqliteEventStore } from '../../src/store/sqlite-event-store.ts';
import { type Harness, startHarness } from '../support/harness.ts';

/** The document as `npm run openapi` writes it: an application on an empty store in memory. */
async function openApiJson(): Promise<string> {
  const store = SqliteEventStore.open(':memory:');
  try {
    return documentOf(createApplication(store));
  } finally {
    await store.close();
  }
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('OpenAPI document', () => {
  it('is committed as openapi/openapi.json and has not drifted from the code (npm run openapi writes it)', async () => {
    const committed = readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8');
    expect(await openApiJson()).toBe(committed);
  });

  it("keeps every component's examples, and each example is valid for the schema it documents", async () => {
    const doc = JSON.parse(await openApiJson()) as { components: { schemas: Record<string, { examples?: unknown[] }> } };
    const documented = Object.entries(doc.components.schemas).filter(([, s]) => s.examples?.length);
    // Request bodies, views and results with Chinese data carry examples (zod drops them where a Text transform sits).
    for (const id of [
      'MonthlyDispatch',
      'HandlingPlanSubmission',
      'ReminderRequest',
      'Alert',
      'ProgressReportRequest',
      'AnnualSummarySubmission',
      'EvaluationRequest',
      'ReopenRequest',
      'Evaluation',
      'Bulletin',
      'BulletinPublication',
      'BulletinPublishRequest',
      'ScorecardReading',
      'AnnualSummaryView',
      'AnnualSummaryReading',
      'AnnualSummaryWithdrawal',
      'Meeting',
      'MeetingReading',
      'MeetingResult',
      'MeetingWithdrawalResult',
      'ActionItemReading',
      'Inspection',
      'InspectionReading',
      'InspectionWithdrawalResult',
      'TaskView',
      'StatusChange',
      'AuditRow',
      'Event',
      'PlanSummary',
      'PlanView',
    ]) {
      expect(doc.components.schemas[id]?.examples?.length, id).toBeGreaterThan(0);
    }
    for (const [id, component] of documented) {
      const schema = z.globalRegistry._idmap.get(id)!;
      for (const example of component.examples!) {
        const parsed = z.safeParse(schema, example);
        expect(parsed.success, `${id}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
    }
  });

  it('is served at /openapi.json as OpenAPI 3.1 with every route and no host in its servers', async () => {
    const res = await h.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toMatchObject([{ url: '/', 'x-internal': false }]);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/audit',
      '/audit/verify',
      '/events',
      '/events/stream',
      '/health',
      '/plans',
      '/plans/{planId}',
      '/plans/{planId}/action-items',
      '/plans/{planId}/action-items/{itemId}',
      '/plans/{planId}/action-items/{itemId}/closure',
      '/plans/{planId}/action-items/{itemId}/extension',
      '/plans/{planId}/alerts',
      '/plans/{planId}/alerts/{alertId}/reminder',
      '/plans/{planId}/amendments',
      '/plans/{planId}/amendments/{revision}/withdrawal',
      '/plans/{planId}/annual-summaries',
      '/plans/{planId}/evaluations',
      '/plans/{planId}/evaluations/{evaluationId}/reopen',
      '/plans/{planId}/evaluations/{evaluationId}/withdrawal',
      '/plans/{planId}/handling-plans',
      '/plans/{planId}/indicators',
      '/plans/{planId}/indicators/{indicatorId}',
      '/plans/{planId}/indicators/{indicatorId}/values',
      '/plans/{planId}/indicators/{indicatorId}/values/{valueId}/correction',
      '/plans/{planId}/indicators/{indicatorId}/values/{valueId}/withdrawal',
      '/plans/{planId}/inspections',
      '/plans/{planId}/inspections/{inspectionId}',
      '/plans/{planId}/inspections/{inspectionId}/withdrawal',
      '/plans/{planId}/leading-group',
      '/plans/{planId}/leading-group/replacements',
      '/plans/{planId}/leading-group/replacements/{replacementId}/withdrawal',
      '/plans/{planId}/meetings',
      '/plans/{planId}/meetings/{meetingId}',
      '/plans/{planId}/meetings/{meetingId}/cancellation',
      '/plans/{planId}/meetings/{meetingId}/minutes',
      '/plans/{planId}/meetings/{meetingId}/withdrawal',
      '/plans/{planId}/reports/annual/{year}',
      '/plans/{planId}/reports/monthly/{period}',
      '/plans/{planId}/reports/quarterly/{quarter}',
      '/plans/{planId}/reports/quarterly/{quarter}/publish',
      '/plans/{planId}/scorecards',
      '/plans/{planId}/tasks',
      '/plans/{planId}/tasks/{code}',
      '/plans/{planId}/tasks/{code}/history',
      '/plans/{planId}/tasks/{code}/progress',
      '/plans/{planId}/tasks/{code}/progress/{reportId}/withdrawal',
      '/plans/{planId}/tasks/{code}/status',
      '/plans/{planId}/units/{unitId}',
      '/plans/{planId}/units/{unitId}/annual-summary',
      '/plans/{planId}/units/{unitId}/annual-summary/withdrawal',
      '/plans/{planId}/units/{unitId}/handling-plan',
      '/plans/{planId}/units/{unitId}/handling-plan/filing',
      '/plans/{planId}/units/{unitId}/handling-plan/withdrawal',
      '/plans/{planId}/units/{unitId}/scorecard',
    ]);
    const post = doc.paths['/plans/{planId}/tasks/{code}/status'].post;
    expect(post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/StatusChange' });
    expect(Object.keys(post.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '412', '413', '415', '422', '429', '500', '503']);
    expect(doc.components.schemas.StatusChange.required).toEqual(['status', 'reason']);
    expect(JSON.stringify(doc)).not.toMatch(/"\$schema"|"\$id"|#\/\$defs/);
  });

  it("documents each form of the quarterly bulletin and the year's summary material, and a published bulletin needs no token", async () => {
    const doc = await (await h.request('/openapi.json')).json();
    const forms = ['application/json', 'text/markdown', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
    for (const path of ['/plans/{planId}/reports/quarterly/{quarter}', '/plans/{planId}/reports/annual/{year}']) {
      expect(Object.keys(doc.paths[path].get.responses['200'].content).sort(), path).toEqual([...forms].sort());
      expect(doc.paths[path].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Bulletin' });
    }
    expect(doc.paths['/plans/{planId}/reports/quarterly/{quarter}'].get.security).toEqual([{ bearer: [] }, {}]);
    expect(doc.paths['/plans/{planId}/reports/annual/{year}'].get.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.paths['/plans/{planId}/reports/quarterly/{quarter}'].get.responses['200'].headers)).toEqual(
      expect.arrayContaining(['Published-At', 'Repr-Digest']),
    );
    expect(doc.paths['/plans/{planId}/reports/quarterly/{quarter}/publish'].post.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/BulletinPublication',
    });
  });

  it('renders at /docs from the installed swagger-ui-dist, with no outside assets', async () => {
    const page = await h.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/docs/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\//);
    const bundle = await h.request('/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    expect((await h.request('/docs/init.js')).status).toBe(200);
    expect((await h.request('/docs/..%2Fpackage.json')).status).toBe(404);
  });

  it('answers /health', async () => {
    expect(await (await h.request('/health')).json()).toMatchObject({ status: 'ok', store: 'sqlite', position: 1, plans: 1 });
  });
});
