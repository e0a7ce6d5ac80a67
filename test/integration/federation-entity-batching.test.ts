import { parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { CompiledReads } from '../../src/compiled-read/compiled-reads.js';
import type { CareGraphContext } from '../../src/contract/request-context.js';
import type { AuditEntry } from '../../src/contract/audit-entry.js';
import { batchConcurrentEntityFetches } from '../../src/federation/entity-fetch-batching.js';

/**
 * Concurrent `_entities` fetches of one client request, caller, purpose and operation share one
 * compiled statement (entity-fetch-batching.ts); the statement here is a fake that answers each
 * representation with its id and discloses each once, so what is shared and what is not shows.
 */
const document = parse(`query($r: [_Any!]!) { e: _entities(representations: $r) { ... on Person { id } } }`);
const operation = document.definitions[0] as OperationDefinitionNode;
const reps = (...ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'Person', id })) });
const caller = { id: 'caller:a', name: 'a', kind: 'system', roles: ['admin'], regionPrefix: null } as unknown as CareGraphContext['caller'];
const ctx = (requestId: string, over: Partial<CareGraphContext> = {}) => ({ requestId, caller, purpose: 'CASE_MANAGEMENT', audit: [] as AuditEntry[], ...over }) as CareGraphContext;

function fakeReads(opts: { serveNull?: boolean; fail?: boolean } = {}) {
  const statements: string[][] = [];
  const reads: CompiledReads = {
    planFor: () => ({ plan: { roots: [{}] } as never }),
    async serve(_document: DocumentNode, _operation: OperationDefinitionNode, context: CareGraphContext, variables: Record<string, unknown>) {
      const ids = (variables.r as Array<{ id: string }>).map((r) => r.id);
      statements.push(ids);
      await new Promise((r) => setTimeout(r, 5));
      if (opts.fail) throw new Error('connection lost');
      if (opts.serveNull) return null;
      context.audit.push(...ids.map((id) => ({ personId: id, householdId: null, field: 'Person.id' }) as unknown as AuditEntry));
      return { data: { e: ids.map((id) => (id === 'missing' ? null : { id })) } };
    },
  };
  return { reads, statements };
}

it('merges fetches that arrive in one turn into one statement over the union, each answered its own list in its own order', async () => {
  const { reads, statements } = fakeReads();
  const batched = batchConcurrentEntityFetches(reads);
  const [a, b, c] = [ctx('req-1'), ctx('req-1'), ctx('req-1')];
  const answers = await Promise.all([batched.serve(document, operation, a, reps('1')), batched.serve(document, operation, b, reps('2', '1', '3', '1')), batched.serve(document, operation, c, reps('missing'))]);
  expect(statements).toEqual([['1', '2', '3', 'missing']]);
  expect(answers.map((r) => r!.data)).toEqual([{ e: [{ id: '1' }] }, { e: [{ id: '2' }, { id: '1' }, { id: '3' }, { id: '1' }] }, { e: [null] }]);
  // Every fetch carries the union's disclosures to the once-per-request writer (one insert for all).
  for (const context of [a, b, c]) expect(context.audit.map((e) => e.personId)).toEqual(['1', '2', '3', 'missing']);
});

it('never shares across request ids, callers, purposes, or variables other than the representations', async () => {
  const { reads, statements } = fakeReads();
  const batched = batchConcurrentEntityFetches(reads);
  const other = { ...caller, id: 'caller:b' } as CareGraphContext['caller'];
  await Promise.all([
    batched.serve(document, operation, ctx('req-1'), reps('1')),
    batched.serve(document, operation, ctx('req-2'), reps('1')),
    batched.serve(document, operation, ctx('req-1', { caller: other }), reps('1')),
    batched.serve(document, operation, ctx('req-1', { purpose: 'AUDIT' }), reps('1')),
    batched.serve(document, operation, ctx('req-1'), { ...reps('1'), extra: 1 }),
  ]);
  expect(statements).toHaveLength(5);
});

it('lets a later fetch join a running statement only when it covers all of its representations', async () => {
  const { reads, statements } = fakeReads();
  const batched = batchConcurrentEntityFetches(reads);
  const first = batched.serve(document, operation, ctx('req-1'), reps('1', '2'));
  await new Promise((r) => setImmediate(r)); // the statement has started
  const covered = batched.serve(document, operation, ctx('req-1'), reps('2'));
  const notCovered = batched.serve(document, operation, ctx('req-1'), reps('2', '3'));
  const answers = await Promise.all([first, covered, notCovered]);
  expect(statements).toEqual([['1', '2'], ['2', '3']]);
  expect(answers.map((r) => r!.data)).toEqual([{ e: [{ id: '1' }, { id: '2' }] }, { e: [{ id: '2' }] }, { e: [{ id: '2' }, { id: '3' }] }]);
  // Finished statements are forgotten: the same request id later gets a statement of its own.
  await batched.serve(document, operation, ctx('req-1'), reps('1'));
  expect(statements).toHaveLength(3);
});

it('leaves every fetch of a batch to the resolver path when the statement cannot serve or fails', async () => {
  const refused = batchConcurrentEntityFetches(fakeReads({ serveNull: true }).reads);
  expect(await Promise.all([refused.serve(document, operation, ctx('r'), reps('1')), refused.serve(document, operation, ctx('r'), reps('2'))])).toEqual([null, null]);
  const failing = batchConcurrentEntityFetches(fakeReads({ fail: true }).reads);
  const settled = await Promise.allSettled([failing.serve(document, operation, ctx('r'), reps('1')), failing.serve(document, operation, ctx('r'), reps('2'))]);
  expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
});

it('passes other operations straight through', async () => {
  const { reads, statements } = fakeReads();
  const batched = batchConcurrentEntityFetches(reads);
  const root = parse(`query($r: [_Any!]!) { a: _entities(representations: $r) { ... on Person { id } } b: _entities(representations: $r) { ... on Person { id } } }`);
  await Promise.all([batched.serve(root, root.definitions[0] as OperationDefinitionNode, ctx('r'), reps('1')), batched.serve(root, root.definitions[0] as OperationDefinitionNode, ctx('r'), reps('2'))]);
  expect(statements).toEqual([['1'], ['2']]);
});
