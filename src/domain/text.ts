// What text duban takes, in one place: plan files and requests share these rules. Text is stored for
// ever and shown to people, so what cannot be seen (controls, bidi overrides, lone surrogates, text made
// only of spaces) or is far longer than its meaning allows is refused, not cleaned up behind the caller.
import { z } from 'zod';
import { schemaMessage } from './messages.ts';

// Bidi controls reorder what is displayed around them (a "Trojan Source" reason reads differently
// from what is stored); refused everywhere.
const BIDI = '\\u200E\\u200F\\u061C\\u202A-\\u202E\\u2066-\\u2069';
// C0 and C1 controls, DEL; a multi-line field also takes \n and \r.
const CONTROLS = '\\u0000-\\u001F\\u007F-\\u009F';
const CONTROLS_BUT_LINE_BREAKS = '\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';

// Written without the u flag so the same pattern means the same in the OpenAPI document (JSON
// Schema patterns are ECMA-262; BMP ranges read alike with or without u).
const SINGLE_LINE = new RegExp(`^[^${CONTROLS}${BIDI}]*$`);
const MULTI_LINE = new RegExp(`^[^${CONTROLS_BUT_LINE_BREAKS}${BIDI}]*$`);
const FORBIDDEN_SINGLE = new RegExp(`[${CONTROLS}${BIDI}]`);
const FORBIDDEN_MULTI = new RegExp(`[${CONTROLS_BUT_LINE_BREAKS}${BIDI}]`);

const LONE_SURROGATE = /\p{Cs}/u;
// What does not show: white space, format characters (zero-width space, joiners, BOM), marks with
// nothing to sit on, and the blank letters some scripts have.
const INVISIBLE = /[\s\p{Cc}\p{Cf}\p{Z}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/gu;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

function forbidden(s: string, multiline: boolean): string {
  const found = (multiline ? FORBIDDEN_MULTI : FORBIDDEN_SINGLE).exec(s)![0];
  if (new RegExp(`[${BIDI}]`).test(found)) return schemaMessage('text-bidi-control', { cp: codePoint(found) });
  if (!multiline && (found === '\n' || found === '\r')) return schemaMessage('text-single-line', {});
  return schemaMessage('text-control', { cp: codePoint(found) });
}

export const hasVisibleContent = (s: string) => s.replace(INVISIBLE, '') !== '';

interface TextOptions {
  /** Most characters (UTF-16 code units, as JSON Schema's maxLength is read by most tools). */
  max: number;
  multiline?: boolean;
  /** Empty and invisible text allowed (an optional remark, say); off by default. */
  blank?: boolean;
}

/** A text field: NFC, at most `max` long, no controls (line breaks only when multi-line), no bidi controls, no lone surrogates, visible content. */
export function text({ max, multiline = false, blank = false }: TextOptions) {
  const pattern = multiline ? MULTI_LINE : SINGLE_LINE;
  return (
    z
      .string()
      .max(max, schemaMessage('text-too-long', { max }))
      .regex(pattern, { error: (issue) => forbidden(String(issue.input), multiline) })
      .superRefine((s, ctx) => {
        if (LONE_SURROGATE.test(s)) ctx.addIssue({ code: 'custom', message: schemaMessage('text-lone-surrogate', {}) });
        else if (!blank && !hasVisibleContent(s)) ctx.addIssue({ code: 'custom', message: schemaMessage('text-invisible', {}) });
      })
      // NFC so equal text compares equal; one kind of line break.
      .transform((s) => {
        const nfc = s.normalize('NFC');
        return multiline ? nfc.replace(/\r\n?/g, '\n') : nfc;
      })
  );
}

/** A name or title: one short line (a unit, a person, a section). */
export const Name = text({ max: 100 });
/** One line of text, e.g. a task's title or a phrase quoted from a document. */
export const Text = text({ max: 500 });
/** Prose that may run over lines: a reason, an evidence summary, a task's full text. */
export const MultilineText = text({ max: 2000, multiline: true });
/** Long prose from a plan document (its general requirements). */
export const LongText = text({ max: 10_000, multiline: true });

// A document number (发文字号) as GB/T 9704-2012 sets it out: the issuing body's code (机关代字, Chinese
// characters only), the year in full in 六角括号 〔〕, and the serial number without leading zeros,
// then 号: 武政办〔2023〕12号. Nothing else: no markup, no scheme, no other brackets. Requests are
// held to it; events recorded before it held may carry other forms and are read as recorded.
const ISSUER = '[\\u3400-\\u4DBF\\u4E00-\\u9FFF]{1,20}';
const DOC_NUMBER = `^${ISSUER}〔(19|20)\\d{2}〕[1-9]\\d{0,5}号$`;
const HTTP_URL = `^https?://[^\\s${CONTROLS}${BIDI}<>"]+$`;
const DOC_NUMBER_MESSAGE = schemaMessage('document-number-form', { example: '武政办〔2023〕12号' });

/** A document number (发文字号), e.g. 武政办〔2023〕12号. */
export const DocumentNumber = z
  .string()
  .regex(new RegExp(DOC_NUMBER), DOC_NUMBER_MESSAGE)
  .max(33, schemaMessage('text-too-long', { max: 33 }))
  .meta({
    id: 'DocumentNumber',
    description:
      "A document number (发文字号): the issuer's code (机关代字, Chinese characters), the year in full in 〔〕, the serial number (no leading zero) and 号, e.g. 武政办〔2023〕12号.",
    examples: ['武政办〔2023〕12号'],
  });

/** A reference as recorded, in a response: history may hold forms recorded before the rules above held. */
export const RecordedLink = z
  .string()
  .max(20_000, schemaMessage('text-too-long', { max: 20_000 }))
  .meta({
    id: 'RecordedLink',
    description: 'A reference as recorded: an http(s) URL or a document number (one recorded before the 发文字号 rule held may have another form).',
  });

/** A reference to evidence: an http(s) URL or a document number. */
export const Link = z
  .string()
  .max(500, schemaMessage('text-too-long', { max: 500 }))
  .regex(new RegExp(`${HTTP_URL}|${DOC_NUMBER}`), schemaMessage('link-form', { example: '武政办〔2023〕12号' }))
  .refine(
    (s) => {
      if (!/^https?:/i.test(s)) return true;
      try {
        const url = new URL(s);
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
      } catch {
        return false;
      }
    },
    schemaMessage('link-form', { example: '武政办〔2023〕12号' }),
  )
  .transform((s) => s.normalize('NFC'))
  .meta({ id: 'Link', description: 'An http(s) URL, or a document number (发文字号) such as 武政办〔2023〕12号.' });

// What duban answers with beyond the rules above (ids and codes it made, labels and lines it composed,
// text as recorded before a rule held), bounded so that the OpenAPI document can say how long a field
// or list may be; tests check every response against these bounds.
/** An id, code or key: a plan's, a unit's, an event's, a token's. */
export const IdString = z.string().max(200, schemaMessage('text-too-long', { max: 200 }));
/** Text shown as recorded or composed from recorded text (a label, a summary line, a reason). */
export const ShownText = z.string().max(20_000, schemaMessage('text-too-long', { max: 20_000 }));
/** The most items a list may hold where nothing smaller bounds it (a year's meetings, a plan's alerts). */
export const MAX_LISTED = 100_000;
