import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { departments } from '../../src/departments/registry.js';
import { buildRawSchema } from '../../src/server/schema.js';
import { startTestHub, type GraphQLResponse, type TestHub } from '../support/test-hub.js';

/**
 * Hostile variables sent to every root field: whatever a client sends, the hub answers with a
 * coded error naming what was wrong, never INTERNAL_SERVER_ERROR. Each request goes twice, since
 * an operation's second run takes other paths (graphql-jit, compiled reads) than its first.
 */
const schema: GraphQLSchema = buildRawSchema(departments);
const rootFields: Array<{ operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }> = [
  ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ operation: 'query' as const, field })),
  ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({ operation: 'mutation' as const, field })),
].filter(({ field }) => field.args.length > 0);

/** A value of `type` that coerces: required input fields filled, everything else left out. */
function plausible(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return plausible(type.ofType);
  if (isListType(type)) return [plausible(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    return Object.fromEntries(Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => [f.name, plausible(f.type)]));
  }
  if (isScalarType(type)) return { Int: 1, Float: 1, Boolean: true, Year: 2025, Date: '2025-01-01', DateTime: '2025-01-01T00:00:00Z', Money: '1.00' }[type.name] ?? '1';
  return null;
}

/** A value of the wrong shape for `type`: an object for a scalar or list, a string for an input object. */
function wrongTyped(type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  if (isInputObjectType(named) && !isListType(isNonNullType(type) ? type.ofType : type)) return 'not an object';
  if (isEnumType(named)) return 'NOT_A_VALUE_OF_THIS_ENUM';
  return { a: 1 };
}

/** 300 KB where the type takes text, 5,000 items where it takes a list (mutations take at most 1,000). */
function huge(type: GraphQLInputType): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return Array.from({ length: 5_000 }, () => plausible(inner.ofType));
  return 'x'.repeat(300_000);
}

/** 2,000 levels of nesting: arrays for scalars and lists, the first field repeated for input objects. */
function deeplyNested(type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  let value: unknown = plausible(type);
  for (let i = 0; i < 2000; i++) value = isInputObjectType(named) ? { [Object.keys(named.getFields())[0]!]: value } : [value];
  return value;
}

function operationText(operation: string, field: GraphQLField<unknown, unknown>): string {
  const defs = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const leaf = isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type));
  return `${operation} Probe(${defs}) { ${field.name}(${args})${leaf ? '' : ' { __typename }'} }`;
}

function variablesWith(field: GraphQLField<unknown, unknown>, arg: GraphQLArgument, value: unknown): Record<string, unknown> {
  return Object.fromEntries(field.args.map((a) => [a.name, a === arg ? value : plausible(a.type)]));
}

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 120_000);
afterAll(async () => {
  await hub?.close();
});

/** Sends twice; both answers must be coded errors or data, never an internal error. */
async function sendTwice(text: string, variables: Record<string, unknown>): Promise<GraphQLResponse[]> {
  const answers: GraphQLResponse[] = [];
  for (let i = 0; i < 2; i++) {
    const answer = await hub.query(text, variables);
    const codes = (answer.body.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
    expect({ text, status: answer.status, codes }).toEqual({ text, status: answer.status, codes: codes.filter((c) => c !== 'INTERNAL_SERVER_ERROR' && c !== 'NO_CODE') });
    expect(answer.status).toBeLessThan(500);
    answers.push(answer);
  }
  return answers;
}

const cases = rootFields.flatMap(({ operation, field }) => field.args.map((arg) => ({ operation, field, arg, name: `${field.name}(${arg.name}: ${arg.type})` })));

it('covers every root field that takes arguments', () => {
  expect(cases.length).toBeGreaterThan(20);
  expect(cases.map((c) => c.field.name)).toEqual(expect.arrayContaining(['person', 'personByIdNumber', 'household', 'persons', 'report']));
});

describe.each(cases)('$name', ({ operation, field, arg }) => {
  const text = operationText(operation, field);

  it('a wrongly typed variable is BAD_USER_INPUT naming the variable', async () => {
    for (const answer of await sendTwice(text, variablesWith(field, arg, wrongTyped(arg.type)))) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.body.errors?.[0]?.message).toContain(`"$${arg.name}"`);
    }
  });

  it('null is refused by name where the argument is required, and never crashes', async () => {
    for (const answer of await sendTwice(text, variablesWith(field, arg, null))) {
      if (!isNonNullType(arg.type)) continue;
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(answer.body.errors?.[0]?.message).toContain(`"$${arg.name}"`);
    }
  });

  it('a huge value gets a coded answer', async () => {
    for (const answer of await sendTwice(text, variablesWith(field, arg, huge(arg.type)))) {
      // A rejected value is not echoed whole (error messages are capped).
      expect(JSON.stringify(answer.body).length).toBeLessThan(20_000);
    }
  });

  it('a deeply nested value gets a coded answer', async () => {
    for (const answer of await sendTwice(text, variablesWith(field, arg, deeplyNested(arg.type)))) {
      expect(answer.body.errors?.length ?? 0).toBeGreaterThan(0);
    }
  });
});
