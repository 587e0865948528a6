#!/usr/bin/env python3
# Checks a `duban verify --export` file without duban: recomputes every event's hash and each stream's
# chain. Standard library only. Hash = hex H(UTF-8 of JCS(event without hash, globalPosition and
# hashAlgorithm)); event data holds no floats, so JCS is json.dumps with keys in UTF-16 order.
import hashlib, json, sys

def jcs_order(v):  # RFC 8785 sorts keys by UTF-16 code units, not code points
    if isinstance(v, dict):
        return {k: jcs_order(v[k]) for k in sorted(v, key=lambda k: k.encode('utf-16-be'))}
    return [jcs_order(x) for x in v] if isinstance(v, list) else v

def main(path):
    heads, n = {}, 0  # streamId -> (revision, hash)
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            e = json.loads(line)
            where = f"line {n}: {e['streamId']} revision {e['streamRevision']} (position {e['globalPosition']})"
            algorithm = e['hashAlgorithm']
            envelope = {k: v for k, v in e.items() if k not in ('hash', 'globalPosition', 'hashAlgorithm')}
            text = json.dumps(jcs_order(envelope), separators=(',', ':'), ensure_ascii=False)
            if hashlib.new(algorithm, text.encode('utf-8')).hexdigest() != e['hash']:
                return f'mismatch at {where}: the hash does not recompute ({algorithm})'
            rev, prev = heads.get(e['streamId'], (-1, None))
            if e['streamRevision'] != rev + 1 or e['prevHash'] != prev:
                return f'mismatch at {where}: expected revision {rev + 1} chained to {prev}'
            heads[e['streamId']] = (e['streamRevision'], e['hash'])
    print(f'ok {n} events')
    return None

if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: rehash.py <export.jsonl>')
    problem = main(sys.argv[1])
    if problem:
        print(problem)
        sys.exit(1)
