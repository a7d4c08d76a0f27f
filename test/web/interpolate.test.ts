import { interpolate } from '../../web/src/interpolate';
import { en, zh } from '../../web/src/messages';

describe('message placeholders', () => {
  test('fill values, and pick the word that agrees with a number', () => {
    const left = en['deadline.left'];
    expect(interpolate(left, { n: 1 })).toBe('1 working day left');
    expect(interpolate(left, { n: 0 })).toBe('0 working days left');
    expect(interpolate(left, { n: 12 })).toBe('12 working days left');
    expect(interpolate(zh['deadline.left'], { n: 1 })).toBe(zh['deadline.left'].replace('{n}', '1'));
  });

  test('every agreeing word names a placeholder its message fills', () => {
    const unmatched = Object.entries({ ...en, ...zh }).flatMap(([key, template]) =>
      [...template.matchAll(/\{(\w+)\|[^}]*\}/g)].filter(([, name]) => !new RegExp(`\\{${name}\\}`).test(template)).map(() => key),
    );
    expect(unmatched).toEqual([]);
  });
});
