// The one CSV writer: OWASP's formula starts (= + - @, tab, carriage return, and their full-width
// forms) come out quoted behind a single quote, numbers included; a line break stays inside its quoted
// cell; other text is left as it is.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/app/csv.ts';

describe('toCsv', () => {
  it('neutralises every cell a spreadsheet would take for a formula', () => {
    const csv = toCsv([['=1+1', '+1', '-2', '@SUM(A1)', '\tTAB', '\rCR', '＝1', -3, 4, '1-2', '市经信局']]);
    expect(csv).toBe(`\uFEFF"'=1+1","'+1","'-2","'@SUM(A1)","'\tTAB","'\rCR","'＝1","'-3",4,1-2,市经信局\n`);
  });

  it('quotes a field holding a line break, and keeps the header and columns', () => {
    const csv = toCsv([{ a: '第一行\n第二行', b: '-x' }], {
      header: true,
      columns: [
        { key: 'a', header: '甲' },
        { key: 'b', header: '乙' },
      ],
      record_delimiter: '\r\n',
    });
    expect(csv).toBe(`\uFEFF甲,乙\r\n"第一行\n第二行","'-x"\r\n`);
  });
});
