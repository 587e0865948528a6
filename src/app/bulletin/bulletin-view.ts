// The quarterly bulletin (情况季通报) and the year's summary material (总结材料) as JSON: the span,
// the reading, the publication (when it is the published one), and the sections.
import { z } from 'zod';
import { SignedHead } from '../../domain/digest.ts';
import { IdString, ShownText } from '../../domain/text.ts';
import { Instant, ReadingFields } from '../views.ts';
import { BulletinSections } from './bulletin-sections.ts';

export const Publication = z
  .object({
    publishedAt: Instant.describe("When the bulletin was published (the publication's effectiveAt)."),
    documentNumber: ShownText.nullable().describe("The bulletin's document number (文号), if given."),
    note: ShownText.nullable(),
    anchor: SignedHead.optional().describe(
      "The store's head digest signed just before publication (position, digest, signature): an anchor outside duban. Absent when the service signed no digests.",
    ),
  })
  .meta({ id: 'BulletinPublished', description: 'The publication a published bulletin carries.' });

/** The one action item of the example: opened in the quarter and overdue at its end. */
const EXAMPLE_ITEM = {
  itemId: '0193a5c0-0000-7000-8000-000000000003',
  unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
  text: '牵头制定专精特新企业梯度培育方案',
  source: {
    kind: 'meeting',
    kindLabel: '会议',
    id: '0193a5c0-0000-7000-8000-000000000001',
    title: '科技创新供应链工作协调会',
    partId: 'd1',
    taskCodes: ['4.2'],
  },
  assignedAt: '2023-05-10T01:00:00.000Z',
  dueDate: '2023-06-20',
  originalDueDate: '2023-06-15',
  extended: true,
  status: 'open',
  statusLabel: '未办结',
  closedAt: null,
  closedOnTime: null,
  daysOverdue: 10,
};

export const Bulletin = z
  .object({
    planId: IdString,
    planTitle: ShownText,
    kind: z.enum(['quarterly', 'annual']).describe("quarterly 情况季通报, annual 总结材料 (the year's summary material)."),
    title: ShownText.describe("The report's Chinese title."),
    period: IdString.describe('YYYY-Qn for a quarter, YYYY for a year.'),
    periodLabel: ShownText,
    startDate: ShownText.describe("The period's first day, in the plan's time zone."),
    endDate: ShownText.describe("The period's last day, in the plan's time zone."),
    complete: z.boolean().describe('The period had ended at asOf, so validAt is its last instant; false: validAt is asOf (the period so far).'),
    publication: Publication.nullable().describe('Set in a published bulletin (?published=true): when and as what it was published. Null in a live one.'),
    sections: BulletinSections,
    ...ReadingFields,
  })
  .meta({
    id: 'Bulletin',
    description:
      "The quarterly bulletin (情况季通报) or the year's summary material (总结材料): the state in effect at the period's last instant (validAt, the end of its last day in the plan's time zone) as known at asOf.",
    examples: [
      {
        planId: 'wuhan-2023-p1',
        planTitle: '市政协十四届二次会议1号建议案办理工作方案',
        kind: 'quarterly',
        title: '情况季通报',
        period: '2023-Q2',
        periodLabel: '2023年第二季度',
        startDate: '2023-04-01',
        endDate: '2023-06-30',
        complete: true,
        publication: { publishedAt: '2023-07-05T02:00:00.000Z', documentNumber: '武科办〔2023〕18号', note: '第二季度情况通报' },
        sections: {
          tasks: {
            counts: {
              byStatus: { not_started: 0, in_progress: 1, at_risk: 0, blocked: 0, completed: 0, cancelled: 0 },
              byLight: { red: 0, yellow: 0, green: 1, none: 0 },
              changedInPeriod: 1,
            },
            items: [
              {
                code: '4.2',
                title: '健全产业链协调机制',
                leadUnits: [{ id: 'jxj', name: '市经信局', kind: 'unit' }],
                status: 'in_progress',
                statusLabel: '推进中',
                since: '2023-04-10T02:00:00.000Z',
                changedInPeriod: true,
                dueDate: '2023-11-30',
                light: 'green',
                lightLabel: '绿灯',
                daysOverdue: null,
              },
            ],
          },
          indicators: {
            counts: { met: 0, onTrack: 1, offTrack: 0, noValue: 0 },
            items: [
              {
                indicatorId: '4.2-1',
                taskCode: '4.2',
                name: '科技型中小企业',
                target: { value: '10000', unit: '家', comparator: 'at_least' },
                valueAtStart: '3000',
                value: '6500',
                valueDate: '2023-06-20T02:00:00.000Z',
                percentOfTarget: '65.00',
                met: false,
                onTrack: true,
                elapsedPercent: '37.24',
              },
            ],
          },
          reports: {
            months: [
              {
                period: '2023-05',
                dueBy: '2023-06-10T15:59:59.999Z',
                overdue: true,
                totals: { submitted: 1, late: 0, missing: 1 },
                units: [{ unit: { id: 'jxj', name: '市经信局', kind: 'unit' }, submitted: 1, late: 0, missing: ['4.3'] }],
              },
            ],
          },
          handlingPlans: {
            counts: { not_submitted: 0, submitted: 0, returned: 0, filed: 1, on_time: 1, late: 0, overdue: 0 },
            items: [
              {
                unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
                status: 'filed',
                statusLabel: '已备案',
                timeliness: 'on_time',
                timelinessLabel: '按时',
                firstSubmittedAt: '2023-03-29T02:00:00.000Z',
                filedAt: '2023-04-03T02:00:00.000Z',
              },
            ],
          },
          alerts: {
            counts: { red: 1, yellow: 0 },
            byKind: [
              { kind: 'handling_plan', kindLabel: '办理工作方案', red: 0, yellow: 0 },
              { kind: 'monthly_report', kindLabel: '月度信息报送', red: 1, yellow: 0 },
              { kind: 'task', kindLabel: '任务办结', red: 0, yellow: 0 },
              { kind: 'annual_summary', kindLabel: '年度总结', red: 0, yellow: 0 },
              { kind: 'action_item', kindLabel: '督办事项', red: 0, yellow: 0 },
            ],
            units: [{ unit: { id: 'jxj', name: '市经信局', kind: 'unit' }, red: 1, yellow: 0 }],
          },
          meetings: {
            counts: { held: 1, cancelled: 0, decisions: 1, actionItems: 1 },
            items: [
              {
                meetingId: '0193a5c0-0000-7000-8000-000000000001',
                kind: 'coordination',
                kindLabel: '协调会议',
                title: '科技创新供应链工作协调会',
                status: 'held',
                statusLabel: '已召开',
                at: '2023-05-10T01:00:00.000Z',
                chair: { name: '张明', title: '市政府副市长' },
                place: '市政府第一会议室',
                attendees: 6,
                cancellation: null,
                decisions: [
                  {
                    decisionId: 'd1',
                    text: '加快专精特新企业梯度培育',
                    tasks: [{ code: '4.2', title: '健全产业链协调机制' }],
                    actionItems: [
                      {
                        itemId: '0193a5c0-0000-7000-8000-000000000003',
                        unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
                        text: '牵头制定专精特新企业梯度培育方案',
                        dueDate: '2023-06-15',
                      },
                    ],
                  },
                ],
              },
            ],
          },
          actionItems: {
            counts: { opened: 1, closed: 0, closedOnTime: 0, closedLate: 0, overdue: 1, openAtEnd: 1 },
            opened: [EXAMPLE_ITEM],
            closed: [],
            overdue: [EXAMPLE_ITEM],
            inspections: [
              {
                inspectionId: '0193a5c0-0000-7000-8000-000000000005',
                kind: 'visit',
                kindLabel: '视察',
                title: '市政协委员视察科技创新供应链建设',
                at: '2023-06-08T02:00:00.000Z',
                who: [{ name: '李华', title: '市政协委员', roleLabel: '市政协委员' }],
                units: [{ id: 'jxj', name: '市经信局', kind: 'unit' }],
                findings: [{ findingId: 'f1', text: '企业梯度培育台账不完整', taskCodes: ['4.2'], actionItems: [] }],
              },
            ],
          },
          ranking: {
            weights: { handlingPlan: 10, monthlyReports: 25, tasks: 25, indicators: 15, actionItems: 15, annualSummary: 5, evaluation: 5 },
            items: [
              {
                rated: true,
                rank: 1,
                unit: { id: 'jxj', name: '市经信局', kind: 'unit' },
                total: '51.92',
                points: '33.75',
                weightCounted: 65,
                components: [
                  { component: 'handlingPlan', label: '办理工作方案', counted: false, weight: 10, points: '0.00', contribution: '0.00' },
                  { component: 'monthlyReports', label: '信息报送', counted: true, weight: 25, points: '6.25', contribution: '9.61' },
                  { component: 'tasks', label: '牵头任务', counted: true, weight: 25, points: '12.50', contribution: '19.23' },
                  { component: 'indicators', label: '指标进度', counted: true, weight: 15, points: '15.00', contribution: '23.08' },
                  { component: 'actionItems', label: '督办事项', counted: false, weight: 15, points: '0.00', contribution: '0.00' },
                  { component: 'annualSummary', label: '年度总结', counted: false, weight: 5, points: '0.00', contribution: '0.00' },
                  { component: 'evaluation', label: '满意度测评', counted: false, weight: 5, points: '0.00', contribution: '0.00' },
                ],
              },
              {
                rated: false,
                rank: null,
                unit: { id: 'rsj', name: '市人社局', kind: 'unit' },
                total: null,
                points: '0.00',
                weightCounted: 0,
                components: [
                  { component: 'handlingPlan', label: '办理工作方案', counted: false, weight: 10, points: '0.00', contribution: '0.00' },
                  { component: 'monthlyReports', label: '信息报送', counted: false, weight: 25, points: '0.00', contribution: '0.00' },
                  { component: 'tasks', label: '牵头任务', counted: false, weight: 25, points: '0.00', contribution: '0.00' },
                  { component: 'indicators', label: '指标进度', counted: false, weight: 15, points: '0.00', contribution: '0.00' },
                  { component: 'actionItems', label: '督办事项', counted: false, weight: 15, points: '0.00', contribution: '0.00' },
                  { component: 'annualSummary', label: '年度总结', counted: false, weight: 5, points: '0.00', contribution: '0.00' },
                  { component: 'evaluation', label: '满意度测评', counted: false, weight: 5, points: '0.00', contribution: '0.00' },
                ],
              },
            ],
          },
        },
        asOf: '2023-07-05T02:00:00.000Z',
        validAt: '2023-06-30T15:59:59.999Z',
        position: 420,
      },
    ],
  });
export type Bulletin = z.output<typeof Bulletin>;
