/** @jsxImportSource hono/jsx */
// 登录: paste a token once; duban keeps a session, not the token.
import type { Principal } from '../../app/token/token-queries.ts';
import { roleLabel } from '../../domain/labels.ts';
import type { PageOutput } from '../console-page.ts';

export function signInPage(props: { next: string; error?: string; status?: number; signedIn?: Principal | null }): PageOutput {
  return {
    title: '登录',
    status: props.status ?? 200,
    noDateControl: true,
    body: (
      <section class="sign-in">
        {props.signedIn ? (
          <p class="notice">
            已登录：{props.signedIn.name}（{roleLabel(props.signedIn.role)}）。可以直接<a href={props.next}>继续</a>，或用另一个令牌重新登录。
          </p>
        ) : null}
        {props.error ? (
          <p class="error-detail" role="alert">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/console/sign-in" class="sign-in-form">
          <input type="hidden" name="next" value={props.next} />
          <label for="token">访问令牌</label>
          <input type="password" id="token" name="token" autocomplete="off" required maxlength={200} aria-describedby="token-help" />
          <p id="token-help" class="help">
            粘贴领导小组办公室发给你的令牌。duban 只保存登录会话（8
            小时内有效，退出或令牌被撤销时立即失效），不保存令牌本身。首次启动时，办公室令牌写在服务日志和数据目录的 office-token 文件中。
          </p>
          <button type="submit">登录</button>
        </form>
        <p>
          不登录也可以查看<a href="/console/public">公开信息</a>（已发布的季度通报和满意度测评结果）。
        </p>
      </section>
    ),
  };
}
