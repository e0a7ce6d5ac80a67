import type { EntityManager } from '@mikro-orm/postgresql';
import { createContext } from '../../src/server/context.js';
import { anonymousCaller } from '../../src/auth/caller.js';

/** Apollo Server's per-operation copy of the context (ApolloServer.js, `cloneObject`). */
const apolloClone = <T extends object>(object: T): T => Object.assign(Object.create(Object.getPrototypeOf(object)), object);

function countingEm() {
  const counter = { forks: 0 };
  const em = { fork: () => (counter.forks++, { fork: () => em }) } as unknown as EntityManager;
  return { em, counter };
}

it("Apollo's copy of the context makes no EntityManager fork until a resolver asks for one", () => {
  const { em, counter } = countingEm();
  const ctx = apolloClone(createContext({ requestId: 'r1', caller: anonymousCaller, purpose: null, em, departments: [] }));
  expect(counter.forks).toBe(0);
  expect(ctx.requestId).toBe('r1');
  expect(ctx.audit).toEqual([]);
  const first = ctx.em;
  expect(ctx.em).toBe(first); // one fork per request, made once
  expect(counter.forks).toBe(1);
});

it('the copy shares the audit buffer with the original, which the access plugin reads', () => {
  const { em } = countingEm();
  const original = createContext({ requestId: 'r2', caller: anonymousCaller, purpose: 'STATISTICS', em, departments: [] });
  const copy = apolloClone(original);
  copy.audit.push({ personId: '1', householdId: null, field: 'Person.name' } as never);
  expect(original.audit).toHaveLength(1);
  expect(copy.purpose).toBe('STATISTICS');
});
