import { both, implies, satisfies } from '../../src/auth/scopes.js';

const has = (...s: string[]) => new Set(s);

describe('scope requirements (outer OR, inner AND)', () => {
  it('is satisfied by holding every scope of one inner list', () => {
    expect(satisfies(has('a', 'b'), [['a', 'b'], ['c']])).toBe(true);
    expect(satisfies(has('c'), [['a', 'b'], ['c']])).toBe(true);
    expect(satisfies(has('a'), [['a', 'b'], ['c']])).toBe(false);
    expect(satisfies(has(), null)).toBe(true);
    expect(satisfies(has('a'), [])).toBe(false);
  });

  it('combines two requirements into their conjunction', () => {
    expect(both([['a']], [['b'], ['c']])).toEqual([['a', 'b'], ['a', 'c']]);
    expect(both(null, [['x']])).toEqual([['x']]);
    expect(both([['a']], [['a']])).toEqual([['a']]);
    expect(both([['a'], ['a', 'b']], null)).toEqual([['a'], ['a', 'b']]);
  });

  it('knows when reaching a parent already proves a field requirement', () => {
    expect(implies([['person:read']], [['person:read']])).toBe(true);
    expect(implies([['health:read', 'health:clinical']], [['health:read']])).toBe(true);
    expect(implies([['health:read']], [['health:read', 'health:clinical']])).toBe(false);
    expect(implies(null, [['a']])).toBe(false);
    expect(implies([['a']], null)).toBe(true);
    expect(implies([['a'], ['b']], [['a']])).toBe(false);
  });
});
