/** @jsxImportSource hono/jsx */
// Small pieces the unit pages share: the words for a unit's level, its role in a task, a document's
// timeliness and an alert.

export const levelLabels: Record<string, string> = {
  government: '市政府',
  department: '市直部门',
  district: '区',
  legislature: '人大政协',
  other: '其他',
};

export const roleLabels: Record<'lead' | 'responsible', string> = { lead: '牵头', responsible: '责任' };

/** A document's timeliness code (src/app/owed-document.ts) in words. */
export const timelinessLabels: Record<string, string> = { on_time: '按时', late: '逾期报送', due: '未到期', overdue: '逾期未报' };

const alertKindLabels: Record<string, string> = {
  'handling-plan': '办理工作方案',
  'annual-summary': '年度总结',
  'monthly-report': '月度信息报送',
  task: '任务办结',
  'action-item': '督办事项',
};

/** An alert's id (handling-plan:{unit}, monthly-report:{month}:{task}:{unit}, task:{task}:{unit}, action-item:{id}) in words. */
export function alertIdLabel(id: string): string {
  const [kind = '', ...rest] = id.split(':');
  const word = alertKindLabels[kind] ?? kind;
  if (kind === 'monthly-report') return `${word}：任务 ${rest[1]}，${rest[0]}`;
  if (kind === 'task') return `${word}：任务 ${rest[0]}`;
  return word;
}
