// The bulletin decider (情况季通报): given the quarter's bulletin stream, when the office publishes the
// content the app built and rendered, then BulletinPublished — or a refusal. And the spans reports cover.
import { describe, expect, it } from 'vitest';
import { BulletinAlreadyPublished, bulletinDecider, type PublishBulletin, quarterSpan, spanBounds, yearSpan } from '../../src/domain/bulletin.ts';
import { RuleViolated } from '../../src/domain/errors.ts';
import { deciderSpec } from '../support/decider-spec.ts';

const bulletin = deciderSpec(bulletinDecider);

const hash = (c: string) => c.repeat(64);
const base: PublishBulletin = {
  type: 'PublishBulletin',
  period: '2023-Q2',
  periodEnd: '2023-06-30T15:59:59.999Z',
  builtAt: { position: 41, asOf: '2023-07-05T02:00:00.000Z', validAt: '2023-06-30T15:59:59.999Z' },
  rendererVersion: 1,
  hashes: { json: hash('a'), md: hash('b'), csv: hash('c'), xlsx: hash('d') },
  contents: { json: '{}', md: '# 情况季通报', csv: '\ufeff情况季通报', xlsx: 'UEsDBA==' },
  now: '2023-07-05T02:00:00.000Z',
  planEffectiveAt: '2023-03-22T16:00:00.000Z',
};

describe('spans', () => {
  it("a quarter and a year, their months and bounds in the plan's time zone", () => {
    expect(quarterSpan('2023-Q2')).toEqual({
      kind: 'quarter',
      id: '2023-Q2',
      label: '2023年第二季度',
      months: ['2023-04', '2023-05', '2023-06'],
      startDate: '2023-04-01',
      endDate: '2023-06-30',
    });
    expect(quarterSpan('2023-Q4').endDate).toBe('2023-12-31');
    expect(yearSpan('2023')).toMatchObject({ kind: 'year', label: '2023年度', startDate: '2023-01-01', endDate: '2023-12-31' });
    expect(yearSpan('2023').months).toHaveLength(12);
    expect(spanBounds(quarterSpan('2023-Q2'), 'Asia/Shanghai')).toEqual({ start: '2023-03-31T16:00:00.000Z', end: '2023-06-30T15:59:59.999Z' });
  });
});

describe('PublishBulletin', () => {
  it('given nothing published, when the office publishes, then BulletinPublished at now with the content and its hashes', () => {
    bulletin
      .given()
      .when({ ...base, documentNumber: '武科办〔2023〕18号' })
      .then([
        {
          type: 'BulletinPublished',
          data: {
            period: '2023-Q2',
            builtAt: base.builtAt,
            documentNumber: '武科办〔2023〕18号',
            rendererVersion: 1,
            hashes: base.hashes,
            contents: base.contents,
          },
          effectiveAt: '2023-07-05T02:00:00.000Z',
        },
      ]);
  });

  it('takes a back-dated publication after the quarter ended, and refuses one before it ended or in the future', () => {
    bulletin
      .given()
      .when({ ...base, effectiveAt: '2023-07-01T00:00:00.000Z' })
      .thenMatches([{ effectiveAt: '2023-07-01T00:00:00.000Z' }]);
    bulletin
      .given()
      .when({ ...base, effectiveAt: '2023-06-30T15:59:59.999Z' })
      .thenThrows(RuleViolated);
    bulletin
      .given()
      .when({ ...base, effectiveAt: '2023-07-06T00:00:00.000Z' })
      .thenThrows(Error, /future/);
    const early = bulletin
      .given()
      .when({ ...base, now: '2023-06-20T00:00:00.000Z' })
      .thenThrows(RuleViolated);
    expect(early).toMatchObject({ field: 'quarter', location: 'path' });
  });

  it('given a publication, refuses another', () => {
    const published = bulletin.given(...bulletin.given().when(base).events());
    expect(published.state).toEqual({ revision: 1, publishedAt: '2023-07-05T02:00:00.000Z' });
    published.when(base).thenThrows(BulletinAlreadyPublished);
  });
});
