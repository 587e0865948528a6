import { describe, expect, it } from 'vitest';
import { lightAt, yellowFrom } from '../../src/domain/light.ts';

const zone = 'Asia/Shanghai';
const calendarDays = { timeZone: zone, window: 3 };
// 2023: 劳动节 29 Apr – 3 May off, Sun 23 Apr and Sat 6 May worked (国办发明电〔2022〕16号).
const calendar = {
  weekendDays: [6, 7],
  holidays: ['2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03'],
  workingDays: ['2023-04-23', '2023-05-06'],
};
const workingDays = { timeZone: zone, window: 3, calendar };

describe('deadline lights, calendar days', () => {
  // Due 2023-03-31: on time until 2023-03-31T23:59:59.999+08:00 = 15:59:59.999Z.
  const due = { dueDate: '2023-03-31' };

  it('is green more than the window before the due date', () => {
    const r = lightAt(due, '2023-03-27T15:59:59.999Z', calendarDays); // 27 Mar 23:59 Shanghai: 4 days left
    expect(r).toMatchObject({ light: 'green', daysLeft: 4, since: null, dueAt: '2023-03-31T15:59:59.999Z' });
  });

  it('turns yellow at 00:00 Shanghai three days before, and stays yellow on the due day', () => {
    expect(lightAt(due, '2023-03-27T16:00:00.000Z', calendarDays)).toMatchObject({ light: 'yellow', daysLeft: 3, since: '2023-03-27T16:00:00.000Z' });
    expect(lightAt(due, '2023-03-31T15:59:59.999Z', calendarDays)).toMatchObject({ light: 'yellow', daysLeft: 0 });
  });

  it('turns red one millisecond after the end of the due day, counting calendar days overdue', () => {
    expect(lightAt(due, '2023-03-31T16:00:00.000Z', calendarDays)).toMatchObject({ light: 'red', since: '2023-03-31T16:00:00.000Z', daysOverdue: 1 });
    expect(lightAt(due, '2023-04-15T04:00:00.000Z', calendarDays)).toMatchObject({ light: 'red', daysOverdue: 15 });
  });

  it('is green once done, late or not, and not before the doing', () => {
    const late = { dueDate: '2023-03-31', doneAt: '2023-04-03T02:00:00.000Z' };
    expect(lightAt(late, '2023-04-02T02:00:00.000Z', calendarDays).light).toBe('red');
    expect(lightAt(late, '2023-04-03T02:00:00.000Z', calendarDays)).toMatchObject({ light: 'green', done: true, since: '2023-04-03T02:00:00.000Z' });
  });

  it('is red from when it was owed again, when that is after the due date', () => {
    const returned = { dueDate: '2023-03-31', owedSince: '2023-04-05T03:00:00.000Z' };
    expect(lightAt(returned, '2023-04-06T00:00:00.000Z', calendarDays)).toMatchObject({ light: 'red', since: '2023-04-05T03:00:00.000Z' });
  });
});

describe('deadline lights, working days', () => {
  // Due Thu 4 May 2023 (the first working day after 劳动节). Working days before it: Sat 6 May is
  // after; counting back from 4 May: 4 May (Thu) 1, 3/2/1 May, 30/29 Apr off, 28 Apr (Fri) 2,
  // 27 Apr (Thu) 3. Days left on 26 Apr: (26 Apr, 4 May] = 27, 28 Apr, 4 May = 3 → yellow from 26 Apr.
  const due = { dueDate: '2023-05-04' };

  it('counts the window in working days, across a holiday', () => {
    expect(yellowFrom('2023-05-04', workingDays).toISODate()).toBe('2023-04-26');
    expect(lightAt(due, '2023-04-25T15:59:59.999Z', workingDays)).toMatchObject({ light: 'green', daysLeft: 4 }); // 25 Apr: 26, 27, 28 Apr, 4 May
    expect(lightAt(due, '2023-04-25T16:00:00.000Z', workingDays)).toMatchObject({ light: 'yellow', daysLeft: 3, since: '2023-04-25T16:00:00.000Z' });
    expect(lightAt(due, '2023-04-30T04:00:00.000Z', workingDays)).toMatchObject({ light: 'yellow', daysLeft: 1 }); // only 4 May left
    // In calendar days it would be yellow only from 1 May.
    expect(lightAt(due, '2023-04-30T04:00:00.000Z', calendarDays)).toMatchObject({ light: 'green', daysLeft: 4 });
  });

  it('counts a 调休 weekend day as a working day', () => {
    // Due Mon 24 Apr; Sun 23 Apr is worked. From Thu 20 Apr: 21 (Fri), 23 (Sun, worked), 24 = 3.
    expect(lightAt({ dueDate: '2023-04-24' }, '2023-04-20T04:00:00.000Z', workingDays)).toMatchObject({ light: 'yellow', daysLeft: 3 });
    // Without the 调休 day: 21, 24 = 2 days from 20 Apr, and 3 already from Wed 19 Apr (20, 21, 24).
    const plain = { timeZone: zone, window: 3, calendar: { weekendDays: [6, 7], holidays: [], workingDays: [] } };
    expect(lightAt({ dueDate: '2023-04-24' }, '2023-04-20T04:00:00.000Z', plain)).toMatchObject({ light: 'yellow', daysLeft: 2 });
    expect(yellowFrom('2023-04-24', plain).toISODate()).toBe('2023-04-19');
    expect(yellowFrom('2023-04-24', workingDays).toISODate()).toBe('2023-04-20');
  });
});
