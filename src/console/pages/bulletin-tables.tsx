/** @jsxImportSource hono/jsx */
// A quarterly bulletin or the year's summary material as an HTML page: the same tables the Markdown,
// CSV and Excel forms print (the sections' own tables(), src/app/bulletin/bulletin-sections.ts), so
// the page and its downloads say the same thing, numbered the same way.
import { SECTIONS, type Table } from '../../app/bulletin/bulletin-sections.ts';
import type { Bulletin } from '../../app/bulletin/bulletin-view.ts';
import { planTime as at } from '../plan-time.ts';

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The report's head: what, which period, read when; for a published bulletin, its document number and date. */
export function BulletinHead(props: { b: Bulletin; timeZone: string }) {
  const { b, timeZone } = props;
  const p = b.publication;
  return (
    <section class="report-head" aria-labelledby="report-head">
      <h2 id="report-head" class="report-title">
        {b.title}（{b.periodLabel}）
      </h2>
      <p class="report-plan">{b.planTitle}</p>
      {p ? (
        <p class="published-mark" data-published={p.publishedAt}>
          <strong>已发布</strong>
          {p.documentNumber ? (
            <>
              {' '}
              · 文号 <span data-field="document-number">{p.documentNumber}</span>
            </>
          ) : null}{' '}
          · 发布时间 <span data-field="published-at">{at(p.publishedAt, timeZone)}</span>
          {p.note ? <> · {p.note}</> : null}
        </p>
      ) : null}
      <dl class="report-facts">
        <dt>统计期间</dt>
        <dd>
          {b.startDate} 至 {b.endDate}
        </dd>
        <dt>数据截至（有效时间）</dt>
        <dd>{at(b.validAt, timeZone)}</dd>
        <dt>记录截至</dt>
        <dd>{at(b.asOf, timeZone)}</dd>
        <dt>期间是否结束</dt>
        <dd>{b.complete ? '是' : '否（截至记录时间的情况）'}</dd>
      </dl>
    </section>
  );
}

function ReportTable(props: { t: Table }) {
  const { t } = props;
  return (
    <>
      {t.title ? <h4>{t.title}</h4> : null}
      {t.rows.length === 0 ? (
        <p class="meta">（暂无）</p>
      ) : (
        <div class="table-wrap">
          <table class="report-table">
            <thead>
              <tr>
                {t.columns.map((c) => (
                  <th scope="col">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {t.rows.map((r) => (
                <tr>
                  {r.map((cell) => (
                    <td class={typeof cell === 'number' ? 'num' : String(cell).length <= 10 ? 'short' : undefined}>{String(cell)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Every section, numbered 一、二、… as the printed forms number them. */
export function BulletinSections(props: { b: Bulletin; timeZone: string }) {
  const { b, timeZone } = props;
  return (
    <>
      {SECTIONS.map((s, i) => (
        <section class="report-section" data-section={s.key}>
          <h3>
            {NUMERALS[i] ?? String(i + 1)}、{s.title}
          </h3>
          {s.tables((b.sections as Record<string, unknown>)[s.key], timeZone).map((t) => (
            <ReportTable t={t} />
          ))}
        </section>
      ))}
    </>
  );
}

/** Links to a report's downloads, each saying what it gives. */
export function Downloads(props: {
  base: string;
  href: (path: string, params: Record<string, string>) => string;
  formats: readonly DownloadFormat[];
  extra?: Record<string, string>;
}) {
  return (
    <ul class="downloads no-print">
      {props.formats.map((f) => (
        <li>
          <a href={props.href(`${props.base}/download`, { format: f, ...props.extra })} download>
            下载 {FORMAT_LABELS[f]}
          </a>
        </li>
      ))}
    </ul>
  );
}

export type DownloadFormat = 'csv' | 'markdown' | 'xlsx';
const FORMAT_LABELS: Record<DownloadFormat, string> = { csv: 'CSV（Excel 可打开）', markdown: 'Markdown 文本', xlsx: 'Excel 工作簿（XLSX）' };
