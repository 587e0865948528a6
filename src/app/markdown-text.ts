// Text people typed, made inert for Markdown: whatever a report, a title or a reason holds comes out
// as the characters it is, never as HTML, an image, a link or emphasis. HTML's own specials become
// entities (so `<img onerror>` and `&#106;avascript:` are text in every renderer, CommonMark or not);
// CommonMark's inline punctuation is backslash-escaped (a `[` that cannot open a link leaves
// `[x](javascript:…)` and `![x](…)` plain text). Line breaks become spaces: a cell or a heading is one line.
// No registry package was fit: markdown-escape leaves the backslash itself unescaped, so `\[` reopens a link.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Inline text (a table cell, a heading's words): every character literal. */
export function markdownInline(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ')
    .replace(/[&<>]/g, (c) => ENTITIES[c]!)
    .replace(/[\\`*_[\]|~#!]/g, (c) => `\\${c}`);
}

/** A paragraph of its own (a line between blank lines): inline-escaped, and no list, quote or heading at its start. */
export function markdownLine(text: string): string {
  return markdownInline(text)
    .replace(/^(\s*)([-+=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2')
    .replace(/^\s+/, '');
}
