// The language Problem Details speak: Chinese when Accept-Language prefers it, English otherwise.
// An error the layers raise carries both texts (from the catalogue, src/domain/messages.ts); a
// plain-string message is English, translated here when it is one of zod's or a schema's own.
import { z } from 'zod';
import { schemaMessageIn } from '../domain/messages.ts';

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

// A message a zod schema writes itself (a text rule, a decimal's or a period's form) was made by
// schemaMessage (src/domain/messages.ts), which knows its code: its Chinese comes from the catalogue.
// Errors the layers raise carry their code and facts, and are rendered from the same catalogue.
export function inLanguage(message: Message, lang: Language): string {
  if (typeof message !== 'string') return message[lang];
  return lang === 'zh' ? (schemaMessageIn(message, 'zh') ?? message) : message;
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
