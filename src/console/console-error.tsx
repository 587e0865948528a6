/** @jsxImportSource hono/jsx */
// Why a page cannot be shown, in Chinese, with the right status: never a stack trace, never JSON.
import { ERROR_KINDS, type ErrorKind, KnownError } from '../domain/errors.ts';
import { textOf } from '../domain/messages.ts';
import { ConsolePageError, type PageOutput } from './console-page.ts';
import type { ConsoleView } from './view.ts';

const STATUS: Record<ErrorKind, number> = {
  'not-found': 404,
  conflict: 409,
  invalid: 400,
  forbidden: 403,
  'precondition-failed': 412,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: '请求有误',
  401: '请先登录',
  403: '无权查看',
  404: '未找到',
  409: '状态冲突',
  412: '条件不符',
  429: '请求过多',
  500: '服务器内部错误',
  503: '暂时无法提供',
};

/** The page for an error a page raised; null for an error that is a bug (the caller answers 500). */
export function errorOutput(view: ConsoleView, error: unknown): PageOutput | null {
  if (error instanceof ConsolePageError) return errorPage(view, error.status, error.title, error.detail);
  if (error instanceof KnownError && ERROR_KINDS.includes(error.kind)) {
    const status = STATUS[error.kind];
    return errorPage(view, status, TITLES[status] ?? '无法显示', textOf(error.code, error.params as object, 'zh'));
  }
  return null;
}

export function errorPage(view: ConsoleView, status: number, title: string, detail: string): PageOutput {
  return {
    title,
    status,
    body: (
      <section class="error-page" aria-labelledby="error-title">
        <p id="error-title" class="error-status">
          {status} · {TITLES[status] ?? title}
        </p>
        <p class="error-detail">{detail}</p>
        <p>
          {status === 401 ? <a href={`/console/sign-in?next=${encodeURIComponent(view.self({}))}`}>去登录</a> : <a href={view.href('/console/')}>回到首页</a>}
          {' · '}
          <a href={view.href('/console/public')}>公开信息</a>
        </p>
      </section>
    ),
  };
}

export const statusTitle = (status: number) => TITLES[status] ?? '无法显示';
