// A JSON body names each member of an object once (I-JSON, RFC 7493 §2.3). JSON.parse keeps the last
// of a repeated name without a word, so `{"unitId":"jxj","unitId":"kjj"}` would mean whatever the
// reader picks; a body like that is refused, naming the member, instead.

/**
 * The path (object keys and array indexes) of the first member whose name repeats an earlier one in
 * the same object, in text order; null when there is none. `text` must be JSON that JSON.parse took:
 * nothing else is checked here.
 */
export function duplicateKeyPath(text: string): (string | number)[] | null {
  // Open containers, outermost first: an object's names so far and its current one; an array's index.
  const stack: ({ names: Set<string>; name: string } | { index: number })[] = [];
  let expectName = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i + 1;
      let escaped = false;
      for (;;) {
        const d = text.charCodeAt(end);
        if (d === 0x5c /* \ */) {
          escaped = true;
          end += 2;
        } else if (d === 0x22) break;
        else end++;
      }
      if (expectName) {
        const top = stack[stack.length - 1] as { names: Set<string>; name: string };
        // Names compare as the strings they decode to: "a" and "\u0061" are the same name.
        const name = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        if (top.names.has(name)) return [...stack.slice(0, -1).map((f) => ('index' in f ? f.index : f.name)), name];
        top.names.add(name);
        top.name = name;
        expectName = false;
      }
      i = end;
    } else if (c === 0x7b /* { */) {
      stack.push({ names: new Set(), name: '' });
      expectName = true;
    } else if (c === 0x5b /* [ */) {
      stack.push({ index: 0 });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectName = false;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1]!;
      if ('index' in top) top.index++;
      else expectName = true;
    }
  }
  return null;
}
