import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { DEFAULT_LIMITS } from '../../src/auth/policy.js';
import type { QueryLimits } from '../../src/contract/caller.js';
import { analyzeOperation, checkLimits, countTokens, createLimitCheck, type OperationAnalysis } from '../../src/auth/query-limits.js';

const schema = buildSchema(`
  interface Node { id: ID! }

  type Query {
    persons(first: Int = 20, after: String): PersonConnection
    households(first: Int): HouseholdConnection
    person(id: ID!): Person
    node(id: ID!): Node
    regions(parentCode: String): [Region!]!
  }

  type Mutation {
    addTag(personId: ID!, tag: String!): Person
  }

  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type PersonEdge { cursor: String! node: Person! }
  type PersonConnection { totalCount: Int! pageInfo: PageInfo! edges: [PersonEdge!]! nodes: [Person!]! }
  type HouseholdConnection { totalCount: Int! nodes: [Household!]! }

  type Person implements Node {
    id: ID!
    name: String
    tags: [String!]!
    household: Household
    links(first: Int = 5): [PersonLink!]!
  }
  type PersonLink { kind: String person: Person }
  type Household implements Node { id: ID! householdNumber: String members: [Person!] }
  type Region { code: String! name: String! children: [Region!]! }
`);

function analyze(query: string, variables?: Record<string, unknown>, operationName?: string): OperationAnalysis {
  return analyzeOperation(schema, parse(query), operationName, variables);
}

describe('countTokens', () => {
  it.each([
    ['{ a }', 3],
    ['{ a b c }', 5],
    ['query Q($n: Int = 5) { a(first: $n) }', 19],
    ['{ a(s: "a long string with spaces") }', 8],
    ['{ a(s: """block\nstring""") }', 8],
    ['# only a comment', 0],
    ['{ a # comment\n b }', 4],
    ['{ ...F } fragment F on T { a }', 11],
    ['', 0],
  ])('%j has %i tokens', (source, expected) => {
    expect(countTokens(source)).toBe(expected);
  });

  it('stops just past the cap', () => {
    expect(countTokens('{ a b c d e }', 3)).toBe(4);
    expect(countTokens('{ a b c d e }', 7)).toBe(7);
    expect(countTokens('{ a b c d e }', 6)).toBe(7);
    expect(countTokens('{ a b c d e }', 0)).toBe(1);
  });

  it('reads no further than the cap in a huge document', () => {
    // Timing is for bench/, not tests: this pins the capped answer on a 5M-token document.
    const huge = `{ ${'a '.repeat(5_000_000)}}`;
    expect(countTokens(huge, 100)).toBe(101);
  });

  it('stops at a lexical error with the tokens read so far', () => {
    expect(countTokens('{ a "unterminated }')).toBe(2);
    expect(countTokens('{ a ~ }')).toBe(2);
  });
});

describe('analyzeOperation', () => {
  it.each<[string, string, OperationAnalysis]>([
    ['a root scalar field', '{ regions { name } }', { depth: 2, aliases: 0, cost: 1 + 10 * 1 }],
    ['an object field', '{ person(id: "1") { name } }', { depth: 2, aliases: 0, cost: 2 }],
    ['a leaf at the root of an object', '{ person(id: "1") { id name household { householdNumber } } }', { depth: 3, aliases: 0, cost: 1 + (1 + 1 + (1 + 1)) }],
    [
      'the brief example: connection × first, nodes × 1, plain list × 10',
      '{ persons(first: 50) { nodes { name household { members { name } } } } }',
      { depth: 5, aliases: 0, cost: 1 + 50 * (1 + (1 + (1 + (1 + 10 * 1)))) },
    ],
    ['first defaults to the schema default', '{ persons { totalCount } }', { depth: 2, aliases: 0, cost: 1 + 20 * 1 }],
    ['first without a schema default is 20', '{ households { nodes { id } } }', { depth: 3, aliases: 0, cost: 1 + 20 * (1 + 1) }],
    ['first: null counts as absent', '{ persons(first: null) { totalCount } }', { depth: 2, aliases: 0, cost: 21 }],
    ['first: 0 resolves nothing below', '{ persons(first: 0) { nodes { name } } }', { depth: 3, aliases: 0, cost: 1 }],
    ['negative first counts as 0', '{ persons(first: -5) { nodes { name } } }', { depth: 3, aliases: 0, cost: 1 }],
    ['edges and node', '{ persons(first: 3) { edges { cursor node { name } } pageInfo { hasNextPage } } }', { depth: 4, aliases: 0, cost: 1 + 3 * ((1 + (1 + (1 + 1))) + (1 + 1)) }],
    ['a list field with first', '{ person(id: "1") { links(first: 3) { kind } } }', { depth: 3, aliases: 0, cost: 1 + (1 + 3 * 1) }],
    ['a list field with a first default', '{ person(id: "1") { links { kind } } }', { depth: 3, aliases: 0, cost: 1 + (1 + 5 * 1) }],
    ['a list of scalars costs 1', '{ person(id: "1") { tags } }', { depth: 2, aliases: 0, cost: 2 }],
    ['nested plain lists multiply', '{ regions { children { children { name } } } }', { depth: 4, aliases: 0, cost: 1 + 10 * (1 + 10 * (1 + 10 * 1)) }],
    ['a connection inside a list', '{ regions { code } persons(first: 2) { nodes { links(first: 4) { person { name } } } } }', { depth: 5, aliases: 0, cost: (1 + 10) + (1 + 2 * (1 + (1 + 4 * (1 + 1)))) }],
    ['a mutation', 'mutation { addTag(personId: "1", tag: "x") { tags } }', { depth: 2, aliases: 0, cost: 2 }],
    ['unknown fields cost 1 and multiply by 1', '{ nope { deeper { deepest } } }', { depth: 3, aliases: 0, cost: 3 }],
  ])('%s', (_case, query, expected) => {
    expect(analyze(query)).toEqual(expected);
  });

  describe('aliases', () => {
    it('counts each aliased field, at every level', () => {
      expect(analyze('{ a: person(id: "1") { n: name } b: person(id: "2") { name } }')).toEqual({ depth: 2, aliases: 3, cost: 4 });
    });

    it('counts an alias equal to the field name', () => {
      expect(analyze('{ person: person(id: "1") { name } }').aliases).toBe(1);
    });

    it('counts aliases once per fragment spread, not multiplied by list sizes', () => {
      const query = '{ persons(first: 50) { nodes { ...P } } person(id: "1") { ...P } } fragment P on Person { n: name h: household { id } }';
      expect(analyze(query)).toEqual({ depth: 4, aliases: 4, cost: 1 + 50 * (1 + (1 + (1 + 1))) + (1 + (1 + (1 + 1))) });
    });
  });

  describe('variables for first', () => {
    const query = 'query ($n: Int) { persons(first: $n) { nodes { name } } }';

    it('takes the variable value', () => {
      expect(analyze(query, { n: 5 }).cost).toBe(1 + 5 * 2);
    });

    it('falls back to the schema default when the variable is missing or null', () => {
      expect(analyze(query, {}).cost).toBe(1 + 20 * 2);
      expect(analyze(query, undefined).cost).toBe(1 + 20 * 2);
      expect(analyze(query, { n: null }).cost).toBe(1 + 20 * 2);
    });

    it('takes the variable default before the schema default', () => {
      const withDefault = 'query ($n: Int = 7) { persons(first: $n) { nodes { name } } }';
      expect(analyze(withDefault).cost).toBe(1 + 7 * 2);
      expect(analyze(withDefault, { n: 3 }).cost).toBe(1 + 3 * 2);
    });

    it('ignores a value of the wrong type (coercion rejects it)', () => {
      expect(analyze(query, { n: '500' }).cost).toBe(1 + 20 * 2);
    });

    it('rounds a fractional value down', () => {
      expect(analyze(query, { n: 2.9 }).cost).toBe(1 + 2 * 2);
    });

    it('takes huge values as they are', () => {
      expect(analyze(query, { n: 1_000_000 }).cost).toBe(1 + 1_000_000 * 2);
    });
  });

  describe('fragments', () => {
    it('expands a named fragment where it is spread, each time', () => {
      const query = '{ a: person(id: "1") { ...P } b: person(id: "2") { ...P } } fragment P on Person { name household { id } }';
      expect(analyze(query)).toEqual({ depth: 3, aliases: 2, cost: 2 * (1 + (1 + (1 + 1))) });
    });

    it('expands nested fragments', () => {
      const query = `
        { persons(first: 2) { nodes { ...P } } }
        fragment P on Person { name household { ...H } }
        fragment H on Household { members { ...Name } }
        fragment Name on Person { name }`;
      expect(analyze(query)).toEqual({ depth: 5, aliases: 0, cost: 1 + 2 * (1 + (1 + (1 + (1 + 10 * 1)))) });
    });

    it('expands inline fragments with and without a type condition', () => {
      const query = '{ node(id: "1") { id ... on Person { name links { kind } } ... on Household { members { id } } ... { id } } }';
      expect(analyze(query)).toEqual({ depth: 3, aliases: 0, cost: 1 + (1 + (1 + (1 + 5 * 1)) + (1 + 10 * 1) + 1) });
    });

    it('resolves fields of a fragment on an interface', () => {
      const query = '{ node(id: "1") { ...N } } fragment N on Node { id }';
      expect(analyze(query)).toEqual({ depth: 2, aliases: 0, cost: 2 });
    });

    it('cuts a fragment cycle where it closes', () => {
      const query = `
        { person(id: "1") { ...A } }
        fragment A on Person { name household { ...B } }
        fragment B on Household { members { ...A } }`;
      // members' selection is the closing ...A, which contributes nothing: members costs 1 + 10 × 0.
      expect(analyze(query)).toEqual({ depth: 3, aliases: 0, cost: 1 + (1 + (1 + (1 + 10 * 0))) });
    });

    it('survives a fragment spreading itself', () => {
      expect(analyze('{ person(id: "1") { ...A } } fragment A on Person { name ...A }')).toEqual({ depth: 2, aliases: 0, cost: 2 });
    });

    it('ignores a spread of an undefined fragment', () => {
      expect(analyze('{ person(id: "1") { name ...Missing } }')).toEqual({ depth: 2, aliases: 0, cost: 2 });
    });

    it('measures fragments spread exponentially often in linear time, counting every expansion', () => {
      const levels = 40;
      const fragments = [`fragment F0 on Query { x: person(id: "1") { name } }`];
      for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
      const query = `{ ...F${levels} } ${fragments.join(' ')}`;
      // Expanding every spread would visit 2^40 fields and never finish; the summaries visit 41.
      const result = analyze(query);
      expect(result).toEqual({ depth: 2, aliases: 2 ** levels, cost: 2 * 2 ** levels });
    });
  });

  describe('introspection', () => {
    it("contributes nothing for GraphiQL's introspection query", () => {
      expect(analyze(getIntrospectionQuery())).toEqual({ depth: 0, aliases: 0, cost: 0 });
      expect(analyze(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }))).toEqual({ depth: 0, aliases: 0, cost: 0 });
    });

    it('ignores __type and __typename and everything under them', () => {
      expect(analyze('{ __type(name: "Person") { name fields { name type { ofType { name } } } } }')).toEqual({ depth: 0, aliases: 0, cost: 0 });
      expect(analyze('{ t: __typename s: __schema { types { name } } }')).toEqual({ depth: 0, aliases: 0, cost: 0 });
    });

    it('ignores __typename beside ordinary fields', () => {
      expect(analyze('{ __typename persons { __typename nodes { __typename name } } }')).toEqual({ depth: 3, aliases: 0, cost: 1 + 20 * (1 + 1) });
    });

    it('passes the default limits', () => {
      const source = getIntrospectionQuery();
      expect(checkLimits(source, analyze(source), DEFAULT_LIMITS)).toBeNull();
    });
  });

  describe('operation selection', () => {
    const document = 'query Small { person(id: "1") { name } } query Big { persons(first: 100) { nodes { name } } }';

    it('measures the named operation', () => {
      expect(analyze(document, undefined, 'Small')).toEqual({ depth: 2, aliases: 0, cost: 2 });
      expect(analyze(document, undefined, 'Big')).toEqual({ depth: 3, aliases: 0, cost: 1 + 100 * 2 });
    });

    it('measures zero when the operation cannot be selected', () => {
      expect(analyze(document)).toEqual({ depth: 0, aliases: 0, cost: 0 });
      expect(analyze(document, undefined, 'Missing')).toEqual({ depth: 0, aliases: 0, cost: 0 });
      expect(analyze('fragment P on Person { name }')).toEqual({ depth: 0, aliases: 0, cost: 0 });
    });

    it('measures the only operation without a name', () => {
      expect(analyzeOperation(schema, parse('query Only { person(id: "1") { name } }'), null, undefined)).toEqual({ depth: 2, aliases: 0, cost: 2 });
    });
  });
});

describe('checkLimits', () => {
  const limits: QueryLimits = { maxDepth: 3, maxAliases: 2, maxTokens: 20, maxCost: 100 };
  const small = '{ a }';
  const within: OperationAnalysis = { depth: 3, aliases: 2, cost: 100 };

  it('passes values equal to the limits', () => {
    expect(checkLimits(small, within, limits)).toBeNull();
  });

  it.each<[string, string, OperationAnalysis, string, number, number]>([
    ['tokens', `{ ${'a '.repeat(30)}}`, within, 'Query token count 21 exceeds the limit of 20 (maxTokens)', 21, 20],
    ['depth', small, { ...within, depth: 4 }, 'Query depth 4 exceeds the limit of 3 (maxDepth)', 4, 3],
    ['aliases', small, { ...within, aliases: 3 }, 'Query alias count 3 exceeds the limit of 2 (maxAliases)', 3, 2],
    ['cost', small, { ...within, cost: 101 }, 'Query cost 101 exceeds the limit of 100 (maxCost)', 101, 100],
  ])('rejects too many %s', (_case, source, analysis, message, value, max) => {
    const error = checkLimits(source, analysis, limits);
    expect(error?.message).toBe(message);
    const limit = message.match(/\((\w+)\)$/)![1];
    expect(error?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit, value, max });
  });

  it('reports the first limit exceeded: tokens, then depth, aliases, cost', () => {
    const all: OperationAnalysis = { depth: 9, aliases: 9, cost: 999 };
    const many = `{ ${'a '.repeat(30)}}`;
    expect(checkLimits(many, all, limits)?.extensions['limit']).toBe('maxTokens');
    expect(checkLimits(small, all, limits)?.extensions['limit']).toBe('maxDepth');
    expect(checkLimits(small, { ...all, depth: 1 }, limits)?.extensions['limit']).toBe('maxAliases');
    expect(checkLimits(small, { ...all, depth: 1, aliases: 0 }, limits)?.extensions['limit']).toBe('maxCost');
  });

  it('matches the example message of the default depth limit', () => {
    expect(checkLimits(small, { depth: 14, aliases: 0, cost: 1 }, DEFAULT_LIMITS)?.message).toBe('Query depth 14 exceeds the limit of 12 (maxDepth)');
  });

  it('rejects a cost that overflowed or is not a number', () => {
    expect(checkLimits(small, { ...within, cost: Number.POSITIVE_INFINITY }, limits)?.extensions['limit']).toBe('maxCost');
    expect(checkLimits(small, { ...within, cost: Number.NaN }, limits)?.extensions['limit']).toBe('maxCost');
  });

  it('checks a real document end to end', () => {
    const source = '{ persons(first: 500) { nodes { household { members { name } } } } }';
    const error = checkLimits(source, analyzeOperation(schema, parse(source), undefined, undefined), DEFAULT_LIMITS);
    expect(error).toBeNull();
    const tight = checkLimits(source, analyzeOperation(schema, parse(source), undefined, undefined), { ...DEFAULT_LIMITS, maxCost: 1000 });
    expect(tight?.message).toBe(`Query cost ${1 + 500 * (1 + (1 + (1 + 10 * 1)))} exceeds the limit of 1000 (maxCost)`);
  });
});

describe('createLimitCheck (remembered per document)', () => {
  const limits: QueryLimits = { maxDepth: 5, maxAliases: 1, maxTokens: 40, maxCost: 300 };
  const request = (source: string, document = parse(source), variables?: Record<string, unknown>, operationName?: string) => ({ source, document, operationName, variables });

  it('answers a repeated document as checkLimits does, under each caller’s limits', () => {
    const check = createLimitCheck(schema);
    const source = '{ persons(first: 30) { nodes { name household { members { name } } } } }';
    const document = parse(source);
    const fresh = (l: QueryLimits) => checkLimits(source, analyzeOperation(schema, document, undefined, undefined), l)?.message ?? null;
    for (let i = 0; i < 3; i++) {
      expect(check(request(source, document), limits)?.message ?? null).toBe(fresh(limits));
      expect(check(request(source, document), DEFAULT_LIMITS)?.message ?? null).toBe(fresh(DEFAULT_LIMITS));
      expect(check(request(source, document), { ...limits, maxTokens: 10 })?.message).toBe('Query token count 11 exceeds the limit of 10 (maxTokens)');
    }
    expect(fresh(limits)).toMatch(/Query cost \d+ exceeds the limit of 300/);
  });

  it('measures again when a variable sets a list size', () => {
    const check = createLimitCheck(schema);
    const source = 'query Q($n: Int) { persons(first: $n) { nodes { name } } }';
    const document = parse(source);
    expect(check(request(source, document, { n: 10 }), limits)).toBeNull();
    expect(check(request(source, document, { n: 500 }), limits)?.message).toBe(`Query cost ${1 + 500 * 2} exceeds the limit of 300 (maxCost)`);
    expect(check(request(source, document, { n: 10 }), limits)).toBeNull();
    // No value: the variable's absence is read too (schema default 20), and not remembered for the next request.
    expect(check(request(source, document, {}), limits)).toBeNull();
    expect(check(request(source, document, { n: 200 }), limits)?.extensions['limit']).toBe('maxCost');
  });

  it('keeps operations of one document apart', () => {
    const check = createLimitCheck(schema);
    const source = 'query Small { person(id: "1") { name } } query Deep { person(id: "1") { household { members { household { members { name } } } } } }';
    const document = parse(source);
    expect(check(request(source, document, undefined, 'Small'), { ...limits, maxTokens: 100 })).toBeNull();
    expect(check(request(source, document, undefined, 'Deep'), { ...limits, maxTokens: 100 })?.extensions['limit']).toBe('maxDepth');
    expect(check(request(source, document, undefined, 'Small'), { ...limits, maxTokens: 100 })).toBeNull();
  });

  it('counts the tokens of the text it is given, not of an earlier text for the same document', () => {
    const check = createLimitCheck(schema);
    const document = parse('{ person(id: "1") { name } }');
    expect(check(request('{ person(id: "1") { name } }', document), limits)).toBeNull();
    expect(check(request(`{ person(id: "1") { name ${'name '.repeat(40)}} }`, document), limits)?.extensions['limit']).toBe('maxTokens');
  });
});
