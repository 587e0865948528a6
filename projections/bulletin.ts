// Published bulletins (情况季通报), keyed `{planId}:{period}`: the publication with the bytes of every
// format as published, their hashes and the reading they were built at. One version per quarter (a
// bulletin is published once); `?published=true` serves these bytes, whatever was recorded after.
import type { BulletinPublishedData } from '../src/domain/bulletin.ts';
import type { Actor } from '../src/store/event-store.ts';
import type { KeyedProjection } from './projection.ts';

export interface BulletinRecord extends BulletinPublishedData {
  planId: string;
  publishedAt: string;
  recordedAt: string;
  actor: Actor;
  globalPosition: number;
}

export const bulletinKey = (planId: string, period: string) => `${planId}:${period}`;

export const bulletins: KeyedProjection<BulletinRecord> = {
  name: 'bulletins',
  keysOf(event) {
    if (event.type !== 'BulletinPublished') return [];
    return [bulletinKey(event.planId, event.data.period)];
  },
  evolve(_state, event) {
    if (event.type !== 'BulletinPublished') return undefined;
    const data = event.data;
    return {
      ...data,
      planId: event.planId,
      publishedAt: event.effectiveAt,
      recordedAt: event.recordedAt,
      actor: event.actor,
      globalPosition: event.globalPosition,
    };
  },
};
