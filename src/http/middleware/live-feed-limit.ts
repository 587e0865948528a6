// How many live feeds (GET /events/stream) may be open at once: per token, so one integration cannot
// take them all, and in all, so the process keeps sockets and subscriptions for everyone else.
// Counted per process: instances behind a balancer each allow as many.
import { ProblemError } from '../problem.ts';

export interface LiveFeedLimits {
  /** Open feeds one token may hold (default 20; DUBAN_SSE_PER_TOKEN). */
  perToken?: number;
  /** Open feeds in all (default 1000; DUBAN_SSE_TOTAL). */
  total?: number;
}

/** What a refused client is asked to wait before it tries again, in seconds. */
const RETRY_AFTER_S = 10;

export class LiveFeedLimit {
  readonly perToken: number;
  readonly total: number;
  private open = 0;
  private readonly byToken = new Map<string, number>();

  constructor(limits: LiveFeedLimits = {}) {
    this.perToken = limits.perToken ?? 20;
    this.total = limits.total ?? 1000;
  }

  /** Takes a place for one feed of `tokenId`, or throws a 429 Problem; call the answer once the feed ends. */
  enter(tokenId: string): () => void {
    const mine = this.byToken.get(tokenId) ?? 0;
    if (mine >= this.perToken) {
      throw tooMany({
        en: `this token already has ${mine} live feeds open, the most one token may; close one first`,
        zh: `此令牌已打开 ${mine} 个实时事件流，已达上限；请先关闭一个`,
      });
    }
    if (this.open >= this.total) {
      throw tooMany({
        en: `the server already serves ${this.open} live feeds, the most it takes; try again later`,
        zh: `服务器已有 ${this.open} 个实时事件流，已达上限；请稍后再试`,
      });
    }
    this.open += 1;
    this.byToken.set(tokenId, mine + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.open -= 1;
      const now = (this.byToken.get(tokenId) ?? 1) - 1;
      if (now > 0) this.byToken.set(tokenId, now);
      else this.byToken.delete(tokenId);
    };
  }
}

const tooMany = (detail: { en: string; zh: string }) => new ProblemError(429, 'too-many-live-feeds', detail, {}, { 'retry-after': String(RETRY_AFTER_S) });
