// Folds read events typed: `switch (event.type)` narrows `event.data` (src/domain/events.ts,
// asDomainEvent), so no projection, decider or use case casts an event's data to what it hopes it is.
// The check reads the code as TypeScript does (its parser), so a comment saying "data as …" is no hit.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { RecordedDomainEvent } from '../../projections/projection.ts';
import { asDomainEvent, type eventTypes } from '../../src/domain/events.ts';
import type { TaskStatus } from '../../src/domain/task-status.ts';
import type { RecordedEvent } from '../../src/store/event-store.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** Every `x.data as T`, `data as T` and `as any` in a file, as file:line: text. */
function casts(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node)) {
      let inner: ts.Expression = node.expression;
      while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
      const onData = (ts.isPropertyAccessExpression(inner) && inner.name.text === 'data') || (ts.isIdentifier(inner) && inner.text === 'data');
      if (onData || node.type.kind === ts.SyntaxKind.AnyKeyword) {
        found.push(`${relative(root, join(root, file))}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('typed events', () => {
  it("leaves no cast of an event's data (nor `as any`) in the projections, the domain or the app", () => {
    const files = [...sources('projections'), ...sources('src/domain'), ...sources('src/app')];
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap(casts)).toEqual([]);
  });

  it('finds such a cast where there is one', () => {
    const file = 'test/projections/typed-events.test.ts';
    const example = (event: RecordedEvent) => (event.data as { taskCode: string }).taskCode;
    void example;
    expect(casts(file).some((hit) => hit.includes('event.data as { taskCode: string }'))).toBe(true);
  });

  it('narrows data by type, for every type the store may hold', () => {
    const recorded = { type: 'TaskStatusChanged', data: { taskCode: '1.1', from: 'not_started', to: 'in_progress', reason: '启动' } } as RecordedEvent;
    const event = asDomainEvent(recorded);
    expect(event).toBe(recorded); // a view, not a copy
    if (event.type === 'TaskStatusChanged') expectTypeOf(event.data.to).toEqualTypeOf<TaskStatus>();
    expectTypeOf<RecordedDomainEvent['type']>().toEqualTypeOf<keyof typeof eventTypes>();
  });
});
