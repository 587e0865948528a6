/** @jsxImportSource hono/jsx */
// The store's integrity as the audit and ops pages show it: the hash-chain verification summarised,
// and the digests (DigestRecorded) — for store-wide tokens, as GET /audit/verify and the store's own events are.

import { localTime } from '../../app/time.ts';
import type { VerifyResult } from '../../app/verify.ts';
import type { DigestRecordedData } from '../../domain/digest.ts';
import type { RecordedEvent } from '../../store/event-store.ts';
import { digests, mayVerify, readsSystem, verification } from '../verification.ts';
import type { ConsoleView } from '../view.ts';

const PROBLEM_LABELS: Record<string, string> = {
  changed: '事件被改动',
  missing: '事件缺失',
  reordered: '事件顺序被打乱',
  inserted: '有事件被插入',
  truncated: '存储被截短',
  forged: '摘要签名不符',
};

/** What the integrity sections show, read before rendering (hono/jsx here renders synchronously); null: not for this token. */
export interface Integrity {
  verify: VerifyResult | null;
  lastDigest: RecordedEvent | undefined | null;
}

export async function integrityOf(view: ConsoleView): Promise<Integrity> {
  const [verify, lastDigest] = await Promise.all([
    mayVerify(view.principal) ? verification(view.app) : null,
    readsSystem(view.principal) ? digests(view.app, 1).then((d) => d[0]) : null,
  ]);
  return { verify, lastDigest };
}

export function VerifySection(props: { integrity: Integrity }) {
  const result = props.integrity.verify;
  if (!result) {
    return (
      <section class="integrity" aria-labelledby="verify-title">
        <h2 id="verify-title">哈希链校验</h2>
        <p class="help">校验遍历全库的全部事件，仅对全库范围的令牌开放（单位令牌和限定方案的令牌不可用）。</p>
      </section>
    );
  }
  return (
    <section class="integrity" aria-labelledby="verify-title" data-verify={result.intact ? 'intact' : 'broken'}>
      <h2 id="verify-title">哈希链校验</h2>
      {result.intact ? (
        <p class="verify-ok">
          <span class="light light-green" data-light="green">
            完好
          </span>{' '}
          全库 {result.events} 个事件、{result.streams} 条事件流逐一核对，哈希与链接无误（算法 {result.algorithm}）。
        </p>
      ) : (
        <p class="verify-bad">
          <span class="light light-red" data-light="red">
            受损
          </span>{' '}
          {PROBLEM_LABELS[result.problem.kind] ?? result.problem.kind}：事件流 {result.problem.streamId} 第 {result.problem.revision} 号
          {result.problem.globalPosition !== null ? `（位置 ${result.problem.globalPosition}）` : ''}。{result.problem.detail}
        </p>
      )}
      {result.intact ? (
        <dl class="facts">
          <dt>校验至位置</dt>
          <dd>{result.headPosition}</dd>
          <dt>摘要</dt>
          <dd>
            {result.digests} 个（已签名 {result.signed}，未签名 {result.unsigned}）
          </dd>
          <dt>最后摘要之后</dt>
          <dd>{result.uncovered} 个事件仅由各自事件流的哈希链担保</dd>
          <dt>签名</dt>
          <dd>{result.signatures === 'checked' ? '已用签名密钥核对' : '本服务未配置签名密钥，未核对'}</dd>
        </dl>
      ) : null}
    </section>
  );
}

export function LastDigestSection(props: { integrity: Integrity }) {
  const last = props.integrity.lastDigest;
  if (last === null) {
    return (
      <section class="integrity" aria-labelledby="digest-title">
        <h2 id="digest-title">最后摘要</h2>
        <p class="help">摘要是存储自身的事件，仅全库范围的领导小组办公室令牌可查看。</p>
      </section>
    );
  }
  return (
    <section class="integrity" aria-labelledby="digest-title">
      <h2 id="digest-title">最后摘要</h2>
      {last ? <DigestFacts event={last} /> : <p>存储中尚无摘要（DigestRecorded）。</p>}
    </section>
  );
}

export function DigestFacts(props: { event: RecordedEvent }) {
  const { event } = props;
  const data = event.data as DigestRecordedData;
  return (
    <dl class="facts" data-digest={event.eventId}>
      <dt>记录时间</dt>
      <dd>{localTime(event.recordedAt, 'Asia/Shanghai')}</dd>
      <dt>覆盖位置</dt>
      <dd>
        {data.fromPosition + 1} – {data.toPosition}（{data.count} 个事件）
      </dd>
      <dt>摘要哈希</dt>
      <dd class="hash">{event.hash}</dd>
      <dt>签名</dt>
      <dd>{data.signature ? '已签名' : '未签名'}</dd>
    </dl>
  );
}
