// Every CSV duban writes goes through here: UTF-8 with a BOM (so Excel reads the Chinese as Chinese),
// and no cell a spreadsheet would run. OWASP's CSV-injection advice: a cell beginning with = + - @,
// a tab or a carriage return (or their full-width forms, which some spreadsheets fold into them) is
// prefixed with a single quote and quoted, so it is shown as the text it is. That holds for every
// cell, numbers included: a negative number comes out as '-3, text, not a figure to sum — the
// price of one rule with no exceptions to get wrong. A field holding a line break is quoted.
import { type Options, stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

const LINE_BREAK = /[\r\n]/;

/** A cell as it goes into the file: prefixed and quoted when a spreadsheet would take it for a formula; quoted when it holds a line break. */
function neutralised(text: string): string | { value: string; quoted: true } {
  if (FORMULA_START.test(text)) return { value: `'${text}`, quoted: true };
  // csv-stringify quotes a bare \n only when it is the record delimiter: with \r\n records it would split the row.
  return LINE_BREAK.test(text) ? { value: text, quoted: true } : text;
}

export type CsvOptions = Pick<Options, 'header' | 'columns' | 'record_delimiter'>;

/** Records (arrays, or objects with `columns`) as CSV text, BOM first, every cell neutralised. */
export function toCsv(records: readonly (readonly unknown[])[] | readonly Record<string, unknown>[], options: CsvOptions = {}): string {
  return stringify(records as unknown[], {
    ...options,
    bom: true,
    // csv-stringify's own escape_formulas leaves negative numbers alone and does not quote: one rule here instead.
    cast: {
      string: (value) => neutralised(value),
      number: (value) => neutralised(String(value)),
      bigint: (value) => neutralised(String(value)),
    },
  });
}
