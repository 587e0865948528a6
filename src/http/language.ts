// The language Problem Details speak: Chinese when Accept-Language prefers it, English otherwise.
// Messages are written in English where they arise; the Chinese comes from here, so the layers
// below stay free of presentation. A message with no Chinese here stays English.
import { z } from 'zod';

export type Language = 'en' | 'zh';

/** A message in both languages; a plain string is English, translated here when it can be. */
export type Message = string | { en: string; zh: string };

/** The preferred of en and zh by Accept-Language's q-values (RFC 9110 §12.5.4); en when neither is named. */
export function preferredLanguage(header: string | undefined | null): Language {
  let best: { lang: Language; q: number } = { lang: 'en', q: 0 };
  for (const part of (header ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const lang: Language | null = tag === 'zh' || tag.startsWith('zh-') ? 'zh' : tag === 'en' || tag.startsWith('en-') || tag === '*' ? 'en' : null;
    if (lang && q > best.q) best = { lang, q };
  }
  return best.lang;
}

export const TITLES: Record<number, { en: string; zh: string }> = {
  400: { en: 'Bad Request', zh: '请求无法解析' },
  401: { en: 'Unauthorized', zh: '未认证' },
  403: { en: 'Forbidden', zh: '无权操作' },
  404: { en: 'Not Found', zh: '未找到' },
  405: { en: 'Method Not Allowed', zh: '不支持该请求方法' },
  408: { en: 'Request Timeout', zh: '请求超时' },
  409: { en: 'Conflict', zh: '冲突' },
  412: { en: 'Precondition Failed', zh: '前提条件不满足' },
  413: { en: 'Content Too Large', zh: '请求体过大' },
  415: { en: 'Unsupported Media Type', zh: '不支持的媒体类型' },
  422: { en: 'Unprocessable Content', zh: '请求内容无效' },
  429: { en: 'Too Many Requests', zh: '请求过于频繁' },
  431: { en: 'Request Header Fields Too Large', zh: '请求头过大' },
  500: { en: 'Internal Server Error', zh: '服务器内部错误' },
  503: { en: 'Service Unavailable', zh: '服务暂不可用' },
};

// English messages of the route layer, the text rules and the domain's rules, with their Chinese.
const PHRASES: [RegExp, (...groups: string[]) => string][] = [
  [/^at most (\d+) characters$/, (n) => `最多 ${n} 个字符`],
  [/^contains (U\+[0-9A-F]+), a bidirectional control character$/, (cp) => `含有双向控制字符 ${cp}`],
  [/^contains (U\+[0-9A-F]+), a control character$/, (cp) => `含有控制字符 ${cp}`],
  [/^must be a single line$/, () => '只能是一行文字，不能换行'],
  [/^contains a lone surrogate \(not a Unicode character\)$/, () => '含有孤立的代理项（不是有效的 Unicode 字符）'],
  [/^needs visible text, not only spaces or invisible characters$/, () => '需要可见的文字，不能只有空白或不可见字符'],
  [/^an http\(s\) URL or a document number such as (.+)$/, (ex) => `应为 http(s) 网址或文号，例如 ${ex}`],
  [/^a document number: the issuer's code in Chinese characters, the year in 〔〕, the number and 号, e.g. (.+)$/, (ex) => `应为发文字号：机关代字（汉字）、以六角括号〔〕括入的年份、序号和“号”，例如 ${ex}`],
  [/^(\S+) lies outside the plan's span \((\S+) to (\S+)\)$/, (p, a, b) => `${p} 不在方案的时间范围内（${a} 至 ${b}）`],
  [/^(\S+) lies outside the plan's span \(from (\S+)\)$/, (p, a) => `${p} 不在方案的时间范围内（${a} 起）`],
  [/^a non-negative exact decimal such as "150" or "2\.5", as a string, at most (\d+) digits before the point and (\d+) after$/, (i, f) => `应为非负的精确小数（字符串），如 "150" 或 "2.5"，整数部分最多 ${i} 位，小数部分最多 ${f} 位`],
  [/^the indicator counts in (\S+): give a whole number, not (\S+)$/, (u, v) => `该指标以“${u}”计数，应为整数，而不是 ${v}`],
  [/^unknown field (.*)$/, (key) => `未知字段 ${key}`],
  [/^unknown parameter (.*)$/, (key) => `未知参数 ${key}`],
  [/^every status change carries a reason$/, () => '每次状态变更都需要说明原因'],
  [/^completing a task needs an evidence summary$/, () => '完成任务需要提供佐证材料摘要'],
  [/^effectiveAt may not be in the future$/, () => 'effectiveAt 不能晚于当前时间'],
  [/^effectiveAt may not be before the plan took effect \((.+)\)$/, (at) => `effectiveAt 不能早于方案生效时间（${at}）`],
  [/^not a cursor this service gave out$/, () => '不是本服务给出的游标'],
  [/^(\w+) is a plan's own id: give planId with it$/, (f) => `${f} 属于某个方案，须同时给出 planId`],
  [/^plan (\S+) has no unit or group (\S+)$/, (p, u) => `方案 ${p} 中没有单位或单位组 ${u}`],
  [/^no plan (\S+)$/, (p) => `没有方案 ${p}`],
  [/^plan (\S+) has no task (\S+)$/, (p, t) => `方案 ${p} 中没有任务 ${t}`],
  [/^must be the id of an event this stream sent \(a store position\)$/, () => '应为本事件流发出过的事件 id（存储位置）'],
  // Access (src/http/middleware/auth.ts, src/app/access.ts).
  [/^this needs a token: send Authorization: Bearer <token> \(see the README, Access\)$/, () => '需要令牌：请发送 Authorization: Bearer <令牌>（见 README 的 Access 一节）'],
  [/^the Authorization header is not Bearer <token>$/, () => 'Authorization 请求头不是 Bearer <令牌> 的形式'],
  [/^the token is not one duban issued$/, () => '该令牌不是 duban 签发的'],
  [/^the token was revoked at (\S+)$/, (at) => `该令牌已于 ${at} 吊销`],
  [/^the token expired at (\S+)$/, (at) => `该令牌已于 ${at} 过期`],
  [/^too many failed authentications from this address; try again in (\d+) s$/, (s) => `该地址认证失败次数过多，请 ${s} 秒后重试`],
  [/^this token has made more than (\d+) requests a second; slow down$/, (n) => `该令牌每秒请求超过 ${n} 次，请放慢`],
  [/^this token is bound to plan (.+), not (\S+)$/, (a, b) => `该令牌限于方案 ${a}，不能用于方案 ${b}`],
  [/^the store's own events \((\S+)\) are for a store-wide office token$/, (p) => `存储自身的事件（${p}）仅供全库范围的办公室令牌读取`],
  [/^this reads the whole store; a token bound to plan (.+) may not \(a store-wide token may\)$/, (p) => `此操作读取整个存储；限于方案 ${p} 的令牌不能读取（全库范围的令牌可以）`],
  [/^value (\S+) was reported by (?:unit (\S+)|the office); a unit corrects or withdraws only the values it reported \(unit (\S+)\), the office any$/, (v, owner, u) => `数值 ${v} 由${owner ? `单位 ${owner} ` : '领导小组办公室'}报送；单位只能更正或撤回本单位报送的数值（单位 ${u}），领导小组办公室可以处理任何数值`],
  [/^a unit token reports for its own unit \((\S+)\), not for (\S+)$/, (u, o) => `单位令牌只能为本单位（${u}）报送，不能代 ${o} 报送`],
  [/^a unit token reads only its own plan: name it$/, () => '单位令牌只能读取本方案：请指明方案'],
  [/^a unit token reads only its own plan: add planId=(\S+)$/, (p) => `单位令牌只能读取本方案：请加上 planId=${p}`],
  [/^a unit token reads only its own plan; this reads the whole store \(office, supervisor and cppcc tokens may\)$/, () => '单位令牌只能读取本方案；此操作读取整个存储（办公室、督查、政协令牌可以）'],
  [/^only the office or the task's lead unit \(牵头单位\) may change a task's status; a (\w+) token reads$/, (r) => `只有领导小组办公室或任务的牵头单位可以变更任务状态；${r} 令牌只能读取`],
  [/^unit (\S+) does not lead task (\S+) \(牵头单位: (.+)\); a unit may change the status only of tasks it leads$/, (u, t, l) => `单位 ${u} 不是任务 ${t} 的牵头单位（牵头单位：${l}）；单位只能变更其牵头任务的状态`],
  // Indicators (src/domain/indicator.ts, src/app/indicator/indicator-commands.ts, src/app/access.ts).
  [/^a unit may back-date a write at most (\d+) days \(effectiveAt (\S+) is earlier\); the office may go further$/, (n, at) => `单位补报最多只能追溯 ${n} 天（effectiveAt ${at} 更早）；领导小组办公室可以追溯更久`],
  [/^give effectiveAt or asOfDate, not both$/, () => 'effectiveAt 与 asOfDate 只能给出其一'],
  [/^asOfDate may not be in the future$/, () => 'asOfDate 不能晚于今天'],
  [/^every correction carries a reason$/, () => '每次更正都需要说明原因'],
  [/^every withdrawal carries a reason$/, () => '每次撤回都需要说明原因'],
  [/^a withdrawal may not take effect before the value it withdraws \((\S+)\)$/, (at) => `撤回的生效时间不能早于被撤回数值的生效时间（${at}）`],
  [/^value (\S+) was withdrawn; it is neither corrected nor withdrawn again$/, (v) => `数值 ${v} 已撤回，不能再更正或撤回`],
  [/^value (\S+) is already (\S+): a correction changes it$/, (v, x) => `数值 ${v} 已经是 ${x}：更正须改变数值`],
  [/^a correction may not take effect before the value it corrects \((\S+)\)$/, (at) => `更正的生效时间不能早于被更正数值的生效时间（${at}）`],
  [/^indicator (\S+) is counted in (.+), not (.+): give the value in (.+)$/, (i, u, x) => `指标 ${i} 的计量单位是 ${u}，不是 ${x}：请以 ${u} 报送`],
  [/^plan (\S+) has no indicator (\S+)$/, (p, i) => `方案 ${p} 中没有指标 ${i}`],
  [/^indicator (\S+) has no value (\S+)$/, (i, v) => `指标 ${i} 没有数值 ${v}`],
  [/^only the office or a unit that leads or is responsible for the indicator's task may report its values; a (\w+) token reads$/, (r) => `只有领导小组办公室或指标所属任务的牵头、责任单位可以报送指标数值；${r} 令牌只能读取`],
  [/^unit (\S+) neither leads nor is responsible for task (\S+) \(牵头单位: (.*); 责任单位: (.*)\); a unit may report values only for the indicators of its own tasks$/, (u, t, l, r) => `单位 ${u} 既不是任务 ${t} 的牵头单位，也不是责任单位（牵头单位：${l}；责任单位：${r}）；单位只能报送本单位任务的指标数值`],
  [/^effectiveAt (\S+) is before the indicator's latest value, which took effect at (\S+); .* Report it with effectiveAt at or after (\S+)\.$/, (e, p, at) => `effectiveAt ${e} 早于该指标最新数值的生效时间 ${p}；指标数值按其所指日期的先后记录，补报最早只能追溯到最新数值。请将 effectiveAt 设为 ${at} 或之后。`],
  // Time (src/domain/task.ts, src/app/plan/plan-queries.ts).
  [/^only the office \(办公室\) may record this; a (\w+) token may not \(rule write-office\)$/, (r) => `只有领导小组办公室可以记录此项；${r} 令牌不可以（规则 write-office）`],
  [/^seat (\S+) is held by (.+), not (.+); read the leading group again and name its current holder$/, (s, h, n) => `席位 ${s} 现由 ${h} 担任，不是 ${n}；请重新读取领导小组并写明现任人员`],
  [/^the leading group has no seat (\S+); its seats are (.+)$/, (s, all) => `领导小组没有席位 ${s}；席位为 ${all}`],
  [/^(.+) already holds seat (\S+); a successor is someone else$/, (n, s) => `${n} 已担任席位 ${s}；递补人员应为他人`],
  [/^plan (\S+) has no leading group$/, (p) => `方案 ${p} 没有领导小组`],
  [/^the leading group of plan (\S+) has no replacement (\S+)$/, (p, r) => `方案 ${p} 的领导小组没有递补记录 ${r}`],
  [/^replacement (\S+) was already withdrawn$/, (r) => `递补记录 ${r} 已撤回`],
  [/^replacement (\S+) is not the latest of seat (\S+) \((\S+) is\): withdraw the later one first$/, (r, s, l) => `递补记录 ${r} 不是席位 ${s} 最近一次递补（最近一次是 ${l}）：请先撤回其后的递补`],
  [/^effectiveAt (\S+) is before the leading group's latest change, which took effect at (\S+); .* Record it with effectiveAt at or after (\S+)\.$/, (e, p, at) => `effectiveAt ${e} 早于领导小组最近一次变更的生效时间 ${p}；递补按记录顺序生效，补报最早只能追溯到最近一次变更。请将 effectiveAt 设为 ${at} 或之后。`],
  // Alerts and reminders (src/domain/reminder.ts).
  [/^no alert (\S+): an alert id is .*$/, (a) => `没有提醒事项 ${a}：编号应为 handling-plan:{unitId}、monthly-report:{YYYY-MM}:{taskCode}:{unitId}、task:{taskCode}:{unitId}、annual-summary:{unitId} 或 action-item:{itemId}`],
  [/^no alert (\S+): plan (\S+) has no unit (\S+)$/, (a, p, u) => `没有提醒事项 ${a}：方案 ${p} 没有单位 ${u}`],
  [/^no alert (\S+): plan (\S+) has no task (\S+)$/, (a, p, t) => `没有提醒事项 ${a}：方案 ${p} 没有任务 ${t}`],
  [/^no alert (\S+): unit (\S+) owes no such thing at (\S+)$/, (a, u, at) => `没有提醒事项 ${a}：单位 ${u} 在 ${at} 不承担该事项`],
  [/^(\S+) is (green|yellow|red) at (\S+)(?: \(done, or not yet within the yellow-light window\))?; only a yellow or red item is chased \(催办\)$/, (a, l, at) => `${a} 在 ${at} 为${l === 'green' ? '绿灯（已完成或尚未进入黄灯提醒期）' : l === 'yellow' ? '黄灯' : '红灯'}；只对黄灯或红灯事项催办`],
  [/^effectiveAt (\S+) is before the latest reminder to (\S+), which took effect at (\S+); .* Record it with effectiveAt at or after (\S+)\.$/, (e, u, p, at) => `effectiveAt ${e} 早于对 ${u} 最近一次催办的生效时间 ${p}；催办按记录顺序生效。请将 effectiveAt 设为 ${at} 或之后。`],
  // The quarterly bulletin (src/domain/bulletin.ts, src/app/bulletin/bulletin.ts).
  [/^the bulletin for (\S+) was already published at (\S+); read it with \?published=true$/, (q, at) => `${q} 情况季通报已于 ${at} 发布；请以 ?published=true 读取`],
  [/^the bulletin of plan (\S+) for (\S+) was not published as of (\S+); .*$/, (p, q, at) => `截至 ${at}，方案 ${p} 的 ${q} 情况季通报尚未发布；不带 published=true 读取的是当前生成的通报`],
  [/^a quarter's bulletin is published once the quarter has ended: (\S+) ends at (\S+), publication at (\S+)$/, (q, end, at) => `季度结束后方可发布情况季通报：${q} 于 ${end} 结束，发布时间为 ${at}`],
  [/^(\S+) had not begun at asOf (\S+)$/, (q, at) => `截至 asOf ${at}，${q} 尚未开始`],
  // Scorecards (src/app/scorecard/scorecards.ts).
  [/^(\S+) had not begun at validAt (\S+)$/, (q, at) => `在 validAt ${at} 时，${q} 尚未开始`],
  [/^a period as YYYY-MM, YYYY-Qn or YYYY, e\.g\. (\S+)$/, (ex) => `期间应为 YYYY-MM、YYYY-Qn 或 YYYY，例如 ${ex}`],
  // Handling plans' withdrawal (src/domain/handling-plan.ts).
  [/^unit (\S+) has no submitted handling plan to withdraw$/, (u) => `单位 ${u} 没有可撤回的已报送办理工作方案`],
  [/^the handling plan of unit (\S+) is already filed \(已备案\); a filed plan is not withdrawn$/, (u) => `单位 ${u} 的办理工作方案已备案，已备案的方案不能撤回`],
  [/^the handling plan of unit (\S+) was returned \(已退回\); only a submission awaiting the office is withdrawn$/, (u) => `单位 ${u} 的办理工作方案已退回；只有待办公室审核的报送可以撤回`],
  // Annual summaries and the satisfaction evaluation (src/domain/annual-summary.ts, src/domain/evaluation.ts, src/app/access.ts).
  [/^only the CPPCC \(市政协\) or the office \(办公室\) recording it for them may record this; a (\w+) token may not \(rule write-cppcc\)$/, (r) => `只有市政协或代为录入的领导小组办公室可以记录此项；${r} 令牌不可以（规则 write-cppcc）`],
  [/^unit (\S+) has no annual summary of (\d+) standing to withdraw$/, (u, y) => `单位 ${u} 没有可撤回的 ${y} 年度总结`],
  [/^the plan was issued in (\d+): an annual summary is of (\d+) or later, not (\d+)$/, (p, _a, y) => `方案印发于 ${p} 年：年度总结应为 ${p} 年或其后年份，不能是 ${y} 年`],
  [/^an annual summary of (\d+) cannot be submitted in (\d+): a year is summed up once it has begun$/, (y, at) => `${at} 年不能报送 ${y} 年度总结：年度开始后才能总结`],
  [/^effectiveAt (\S+) is before the unit's latest annual-summary change, which took effect at (\S+); .* Record it with effectiveAt at or after (\S+)\.$/, (e, p, at) => `effectiveAt ${e} 早于该单位年度总结最近一次变更的生效时间 ${p}；年度总结的报送与撤回按记录顺序生效。请将 effectiveAt 设为 ${at} 或之后。`],
  [/^plan (\S+) has no evaluation (\S+)$/, (p, e) => `方案 ${p} 没有满意度测评 ${e}`],
  [/^evaluation (\S+) is not the current evaluation of (\S+)(?: at (\S+))? \((?:(\S+) is|it has none)\): only the current one counts$/, (e, s, at, c) => `满意度测评 ${e} 不是 ${s}${at ? ` 在 ${at} ` : ' '}的现行测评（${c ? `现行测评为 ${c}` : '尚无现行测评'}）：只以现行测评为准`],
  [/^evaluation (\S+) does not reopen a task: it is the overall evaluation \(总体\), of no task$/, (e) => `满意度测评 ${e} 不能重新启动任务：它是总体测评，不针对某项任务`],
  [/^evaluation (\S+) does not reopen a task: it is rated (\w+) \((\S+)\); only a task rated 不满意 is reopened$/, (e, _r, l) => `满意度测评 ${e} 不能重新启动任务：测评结果为${l}；只有测评为不满意的任务可以重新办理`],
  [/^a rating of 不满意 \(dissatisfied\) says why: give comments$/, () => '测评为不满意时须说明理由：请填写测评意见'],
  [/^the plan has no task (\S+); its tasks are (.+)$/, (t, all) => `方案中没有任务 ${t}；任务为 ${all}`],
  [/^effectiveAt (\S+) is before the plan's latest evaluation change, which took effect at (\S+); .* Record it with effectiveAt at or after (\S+)\.$/, (e, p, at) => `effectiveAt ${e} 早于方案满意度测评最近一次变更的生效时间 ${p}；测评与撤回按记录顺序生效。请将 effectiveAt 设为 ${at} 或之后。`],
  [/^task (\S+) is (\w+), not completed: only a completed task is reopened for a 不满意 rating$/, (t, st) => `任务 ${t} 当前为 ${st}，不是已完成：只有已完成的任务可以因不满意测评重新办理`],
  [/^a task reopened for its rating goes back to in_progress$/, () => '因测评重新办理的任务回到推进中（in_progress）'],
  // Meetings, action items and inspections (src/domain/meeting.ts, action-item.ts, inspection.ts, src/app/access.ts).
  [/^effectiveAt (\S+) is before (the meeting's latest change|the latest change of an action item the minutes assigned), which took effect at (\S+); .* Record it with effectiveAt at or after (\S+)\.$/, (e, what, p, at) => `effectiveAt ${e} 早于${what === "the meeting's latest change" ? '该会议最近一次记录' : '会议纪要所交办督办事项最近一次变更'}的生效时间 ${p}；会议记录按记录顺序生效。请将 effectiveAt 设为 ${at} 或之后。`],
  [/^effectiveAt (\S+) is before the action item's latest change, which took effect at (\S+); .* Record it with effectiveAt at or after (\S+)\.$/, (e, p, at) => `effectiveAt ${e} 早于该督办事项最近一次变更的生效时间 ${p}；督办事项的变更按记录顺序生效。请将 effectiveAt 设为 ${at} 或之后。`],
  [/^effectiveAt (\S+) is before the inspection or the latest change of an action item it raised, which took effect at (\S+); .* Record it with effectiveAt at or after (\S+)\.$/, (e, p, at) => `effectiveAt ${e} 早于该督办/视察记录或其交办督办事项最近一次变更的生效时间 ${p}。请将 effectiveAt 设为 ${at} 或之后。`],
  [/^plan (\S+) has no meeting (\S+)$/, (p, m) => `方案 ${p} 没有会议 ${m}`],
  [/^plan (\S+) has no action item (\S+)$/, (p, i) => `方案 ${p} 没有督办事项 ${i}`],
  [/^plan (\S+) has no inspection (\S+)$/, (p, i) => `方案 ${p} 没有督办/视察记录 ${i}`],
  [/^action item (\S+) is (\w+); only an open item is closed or extended$/, (i, st) => `督办事项 ${i} ${st === 'closed' ? '已办结' : st === 'withdrawn' ? '已撤回' : st}；只有未办结的事项可以办结或延期`],
  [/^an extension moves the due date later than (\S+), not to (\S+)$/, (d, n) => `延期须晚于现有办结时限 ${d}，不能改为 ${n}`],
  [/^an action item is due no earlier than the day it is assigned \((\S+)\), not (\S+)$/, (at, d) => `督办事项的办结时限不能早于交办之日（${at}），不能为 ${d}`],
  [/^(\S+) is a group \((.+)\); an action item is assigned to one of its units$/, (g, n) => `${g} 是单位组（${n}）；督办事项应交办给其中某一单位`],
  [/^the plan has no unit (\S+)$/, (u) => `方案中没有单位 ${u}`],
  [/^the plan has no task (\S+)$/, (t) => `方案中没有任务 ${t}`],
  [/^action item (\S+) is assigned to unit (\S+); unit (\S+) may close only its own action items$/, (i, u, c) => `督办事项 ${i} 交办给单位 ${u}；单位 ${c} 只能办结交办给本单位的事项`],
  [/^only the office or the unit an action item is assigned to may close it; a (\w+) token reads$/, (r) => `只有领导小组办公室或承办单位可以办结督办事项；${r} 令牌只能读取`],
  [/^meeting (\S+) was already withdrawn$/, (m) => `会议 ${m} 已撤回`],
  [/^inspection (\S+) was already withdrawn$/, (i) => `督办/视察记录 ${i} 已撤回`],
  // Plan amendments (src/domain/plan-amendment.ts).
  [/^effectiveAt (\S+) is before the plan's latest amendment, which took effect at (\S+); .* Record it with effectiveAt at or after (\S+)\.$/, (e, p, at) => `effectiveAt ${e} 早于方案最近一次调整的生效时间 ${p}；方案调整按记录顺序生效，补记最早只能追溯到最近一次调整。请将 effectiveAt 设为 ${at} 或之后。`],
  [/^plan (\S+) has no indicator (\S+)$/, (p, i) => `方案 ${p} 没有指标 ${i}`],
  [/^(\S+) is named twice$/, (u) => `${u} 重复出现`],
  [/^a task has at least one lead unit \(牵头单位\)$/, () => '任务至少要有一个牵头单位'],
  [/^name leadUnits, responsibleUnits or both: the lists that change$/, () => '请写明要调整的 leadUnits、responsibleUnits 或两者'],
  [/^(.+) is already so: an amendment changes something$/, (w) => `${w} 已是如此：调整须有所改变`],
  [/^plan (\S+) has no amendment (\d+) in effect$/, (p, r) => `方案 ${p} 没有生效中的第 ${r} 条调整`],
  [/^amendment (\d+) is not the latest in effect \((\d+) is\): withdraw the later ones first$/, (r, l) => `第 ${r} 条调整不是最近一条生效的调整（最近一条是第 ${l} 条）：请先撤回其后的调整`],
  [/^amendment (\d+) took effect at (\S+), before the plan's latest change at (\S+) \(a later amendment, since withdrawn\); .*$/, (r, e, p) => `第 ${r} 条调整自 ${e} 生效，早于方案最近一次变更（${p}，一条其后已撤回的调整）；撤回它须追溯生效，方案的生效时间不允许倒退。请另行记录一条调整，恢复其所改内容。`],
  [/^a deadline may not be before the plan was issued \((\S+)\)$/, (d) => `完成时限不能早于方案印发日期（${d}）`],
  [/^effectiveAt (\S+) is before the task's previous change, which took effect at (\S+) \(status (\w+)\); .* Report it with effectiveAt at or after (\S+)\.$/, (e, p, st, at) => `effectiveAt ${e} 早于该任务上一次变更的生效时间 ${p}（状态 ${st}）；补报最早只能追溯到该任务的上一次变更，以保证其后每次状态变更都合法。请将 effectiveAt 设为 ${at} 或之后。`],
  [/^plan (\S+) was not yet recorded as of (\S+): it was adopted \(recorded\) at (\S+), taking effect from (\S+)\. .*validAt=(\S+) or later\)\.$/, (p, asOf, rec, eff, v) => `截至 ${asOf}，方案 ${p} 尚未录入：它于 ${rec} 录入，自 ${eff} 起生效。asOf 查询当时系统显示的内容；要查询某日生效的状态，请使用 validAt（如 validAt=${v} 或之后）。`],
  [/^plan (\S+) was not yet in effect at (\S+): it takes effect from (\S+)$/, (p, at, eff) => `方案 ${p} 在 ${at} 尚未生效：自 ${eff} 起生效`],
];

/** The Chinese for an English message, when there is one. */
function chinese(en: string): string | undefined {
  for (const [pattern, render] of PHRASES) {
    const match = pattern.exec(en);
    if (match) return render(...match.slice(1));
  }
  return undefined;
}

export function inLanguage(message: Message, lang: Language): string {
  if (typeof message !== 'string') return message[lang];
  return lang === 'zh' ? (chinese(message) ?? message) : message;
}

// zod's own messages ("Too big: expected string to have <=3 characters") in both languages; a
// message a schema wrote itself is kept and translated like any other.
const zodEn = z.locales.en().localeError;
const zodZh = z.locales.zhCN().localeError;

type RawIssue = Parameters<typeof zodEn>[0];

export function zodMessage(issue: z.core.$ZodIssue & { input?: unknown }): Message {
  const raw = issue as unknown as RawIssue;
  const generic = render(zodEn, raw);
  if (generic !== issue.message) return issue.message;
  return { en: issue.message, zh: render(zodZh, raw) ?? issue.message };
}

function render(localeError: typeof zodEn, issue: RawIssue): string | undefined {
  const out = localeError(issue);
  return typeof out === 'string' ? out : out?.message;
}
