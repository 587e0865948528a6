// How the read model keeps a key's versions: each new version is stored as its changes from the
// version before (./state-changes.ts) while the changes since the key's last whole version stay
// within CHAIN_BUDGET times that whole state's size, and whole otherwise. So:
//  - bytes: the changes are what the events changed; a whole state is written only after at least
//    CHAIN_BUDGET times its size in changes, so whole states add at most a constant factor —
//    read-model bytes stay linear in the events' bytes (a state that only grows, like a month's
//    reports, is written whole at sizes growing geometrically);
//  - writes: a change is found by identity (never serialising the state), and the rare whole write
//    is paid for by the changes before it;
//  - reads: any version is the whole state at its base and at most CHAIN_BUDGET times its size in
//    changes: a past read costs a small multiple of parsing the state itself, as a current read does.

import type { ReadState } from './read-model.ts';
import { applyChanges, type Change, changesBetween } from './state-changes.ts';

/** Changes since the last whole version, at most this many times its size, before the next is written whole. */
export const CHAIN_BUDGET = 2;

/** Where a key's latest version stands in its chain: what the next version's encoding is decided by. */
export interface ChainPosition {
  /** The position of the key's last whole version. */
  base: number;
  wholeBytes: number;
  changeBytes: number;
}

/** How the next version of a key is stored, and where its chain then stands. */
export function encodeVersion(prev: ({ state: unknown } & ChainPosition) | undefined, state: unknown, position: number): { text: string } & ChainPosition {
  if (prev) {
    const changes = JSON.stringify(changesBetween(prev.state, state));
    if (prev.changeBytes + changes.length <= CHAIN_BUDGET * prev.wholeBytes) {
      return { text: changes, base: prev.base, wholeBytes: prev.wholeBytes, changeBytes: prev.changeBytes + changes.length };
    }
  }
  const text = JSON.stringify(state);
  return { text, base: position, wholeBytes: text.length, changeBytes: 0 };
}

/** A state from its chain's texts, in order: the whole state first, then each version's changes. */
export function readChain(texts: readonly string[]): ReadState {
  if (!texts.length) throw new Error('a version chain starts with a whole state');
  let state = JSON.parse(texts[0]!) as unknown;
  let changeBytes = 0;
  for (let i = 1; i < texts.length; i++) {
    state = applyChanges(state, JSON.parse(texts[i]!) as Change[]);
    changeBytes += texts[i]!.length;
  }
  return { state, wholeBytes: texts[0]!.length, changeBytes };
}

export interface ChainRow {
  version: number;
  position: number | string;
  base: number | string;
  state: string;
}

/** The texts of a version's chain, checked to run whole from its base to it (a rebuild meanwhile would break it). */
export function chainTexts(head: { key: string; version: number; base: number }, rows: readonly ChainRow[]): string[] {
  const first = rows[0];
  if (
    !first ||
    Number(first.position) !== head.base ||
    Number(first.base) !== head.base ||
    rows.at(-1)!.version !== head.version ||
    rows.length !== head.version - first.version + 1
  ) {
    throw new Error(`read model version ${head.key}@${head.version} is gone (rebuilt meanwhile?)`);
  }
  return rows.map((r) => r.state);
}
