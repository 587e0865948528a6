// The audit trail as CSV for Excel: the REST /audit?format=csv and the console's audit.csv give the
// same bytes for the same page.
import { roleLabel } from '../domain/labels.ts';
import type { AuditRow } from './audit-queries.ts';
import { toCsv } from './csv.ts';
import { localTime } from './time.ts';

const CSV_COLUMNS = [
  ['globalPosition', '位置'],
  ['recordedAt', '记录时间'],
  ['effectiveAt', '生效时间'],
  ['planId', '方案'],
  ['taskCode', '任务'],
  ['type', '事件类型'],
  ['typeLabel', '事件'],
  ['actor', '记录人'],
  ['actorRole', '角色'],
  ['actorUnit', '单位'],
  ['summary', '摘要'],
  ['before', '变更前'],
  ['after', '变更后'],
  ['reason', '原因'],
  ['eventId', '事件ID'],
] as const;

/** One side of the row's changes as a cell, e.g. "status: 推进中"; nothing for a side that had no value. */
function changesCell(row: AuditRow, side: 'before' | 'after'): string {
  return row.changes
    .map((c) => [c.fieldLabel ?? c.field, side === 'before' ? (c.beforeLabel ?? c.before) : (c.afterLabel ?? c.after)] as const)
    .filter(([, value]) => value !== null)
    .map(([field, value]) => `${field}: ${value}`)
    .join('; ');
}

/** The page as CSV: UTF-8 with a BOM, so Excel reads the Chinese as Chinese. */
export function auditCsv(items: AuditRow[]): string {
  // For people: times in the plan's time zone, the token's name, its role and unit by name (the ids are in JSON).
  const records = items.map((row) => ({
    ...row,
    recordedAt: localTime(row.recordedAt, row.timeZone),
    effectiveAt: localTime(row.effectiveAt, row.timeZone),
    actor: row.actorName,
    actorRole: roleLabel(row.actor.role),
    actorUnit: row.actorUnitName ?? '',
    before: changesCell(row, 'before'),
    after: changesCell(row, 'after'),
  }));
  return toCsv(records, { header: true, columns: CSV_COLUMNS.map(([key, header]) => ({ key, header })) });
}
