import { Kind, type DocumentNode, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { CompiledReads } from '../compiled-read/compiled-reads.js';
import type { CareGraphContext } from '../contract/request-context.js';
import type { AuditEntry } from '../contract/audit-entry.js';

/** What a batch of concurrent entity fetches got from its one statement. */
interface BatchAnswer {
  /** The `_entities` list of the union of representations, in union order. */
  entities: unknown[];
  audit: AuditEntry[];
}

interface Batch {
  representations: unknown[];
  /** Representation (as JSON) → its place in `representations`. */
  index: Map<string, number>;
  started: boolean;
  answer: Promise<BatchAnswer | null>;
}

interface EntityShape {
  /** The `_entities` field's response key (its alias, when aliased). */
  key: string;
  /** The variable holding the representations. */
  variable: string;
  /** Distinguishes operations (a document is kept per query text by the handler). */
  id: number;
}

/**
 * A standard router fetches one subgraph's entities once per plan depth: Grafbase Gateway sends
 * Q1's department fetch twice at the same moment — the person, and the household's members (the
 * person among them again) — where Hive Gateway merges both into one request. This merges them in
 * the subgraph instead: concurrent `_entities` fetches of the same client request (request id),
 * the same caller and purpose, and the same operation text become one compiled statement over the
 * union of their representations, each fetch answered its own list from it, in its own order
 * (repeated representations repeated, as the statement would answer them alone). A fetch that
 * arrives while a statement for its request is running joins it when that statement covers all of
 * its representations; otherwise it starts a statement of its own.
 *
 * Nothing else is shared: answers depend only on the caller, the purpose, the selection and the
 * representations, which are the key or each fetch's own. The disclosures of the union go with
 * every fetch of the batch to the once-per-request audit writer, so they are written in one
 * insert by whichever fetch writes first, and every fetch waits for that record before it answers
 * (a disclosure recorded for a fetch that then fails is an over-count, never an under-count).
 * Hence forwarded trust only (subgraph-app.ts): the signed mode's router already merges fetches and
 * audits each fetch on its own. A fetch without a forwarded request id has one of its own and never
 * shares. A statement that cannot serve (null, an error) leaves every fetch of the batch to the
 * resolver path, as it would have left each alone.
 */
export function batchConcurrentEntityFetches(reads: CompiledReads): CompiledReads {
  const shapes = new WeakMap<OperationDefinitionNode, EntityShape | null>();
  let nextId = 0;
  const batches = new Map<string, Batch>();

  const shapeOf = (document: DocumentNode, operation: OperationDefinitionNode): EntityShape | null => {
    let shape = shapes.get(operation);
    if (shape !== undefined) return shape;
    shape = null;
    const planned = reads.planFor(document, operation);
    const [only, ...more] = operation.selectionSet.selections;
    if ('plan' in planned && planned.plan.roots.length === 1 && !more.length && only?.kind === Kind.FIELD && only.name.value === '_entities') {
      const argument = only.arguments?.find((a) => a.name.value === 'representations');
      if (argument?.value.kind === Kind.VARIABLE) shape = { key: only.alias?.value ?? only.name.value, variable: argument.value.name.value, id: nextId++ };
    }
    shapes.set(operation, shape);
    return shape;
  };

  const run = (batch: Batch, document: DocumentNode, operation: OperationDefinitionNode, ctx: CareGraphContext, variables: Record<string, unknown>, shape: EntityShape) => {
    batch.started = true;
    // The statement's own context: its disclosures are the union's, handed to each fetch below.
    const own = Object.assign(Object.create(Object.getPrototypeOf(ctx) as object) as CareGraphContext, ctx, { audit: [] as AuditEntry[] });
    return reads.serve(document, operation, own, { ...variables, [shape.variable]: batch.representations }).then((result): BatchAnswer | null => {
      const entities = result?.data?.[shape.key];
      if (!result || result.errors?.length || !Array.isArray(entities) || entities.length !== batch.representations.length) return null;
      return { entities, audit: own.audit };
    });
  };

  return {
    planFor: (document, operation) => reads.planFor(document, operation),
    async serve(document, operation, ctx, variables) {
      const shape = shapeOf(document, operation);
      const mine = shape ? variables[shape.variable] : undefined;
      if (!shape || !Array.isArray(mine) || mine.length === 0) return reads.serve(document, operation, ctx, variables);
      const rest = Object.entries(variables).filter(([name]) => name !== shape.variable);
      const key = JSON.stringify([ctx.requestId, ctx.caller, ctx.purpose, shape.id, rest]);
      const keys = mine.map((representation) => JSON.stringify(representation));

      let batch = batches.get(key);
      if (batch && batch.started && !keys.every((k) => batch!.index.has(k))) batch = undefined;
      if (!batch) {
        const created: Batch = { representations: [], index: new Map(), started: false, answer: null as never };
        created.answer = new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => run(created, document, operation, ctx, variables, shape))
          .finally(() => {
            if (batches.get(key) === created) batches.delete(key);
          });
        batches.set(key, created);
        batch = created;
      }
      if (!batch.started) {
        keys.forEach((k, i) => {
          if (!batch!.index.has(k)) {
            batch!.index.set(k, batch!.representations.length);
            batch!.representations.push(mine[i]);
          }
        });
      }
      const answer = await batch.answer;
      if (!answer) return null;
      ctx.audit.push(...answer.audit);
      const index = batch.index;
      return { data: { [shape.key]: keys.map((k) => answer.entities[index.get(k)!]) } } as ExecutionResult;
    },
  };
}
