import { getOperationAST, getVariableValues, GraphQLError, type GraphQLSchema } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Caller } from '../contract/caller.js';
import { createRequestRules } from '../auth/request-rules.js';
import { placeUnavailableSubgraphErrors, restoreErrorPaths } from './error-paths.js';

/** What the gateway knows of one client request, handed on to every subgraph in the signed header. */
export interface GatewayRequest {
  caller: Caller;
  purpose: string | null;
  requestId: string;
  /** The client's operation (as Apollo names it: the selected operation's name), set before execution. */
  operationName: string | null;
}

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> => typeof (value as AsyncIterable<unknown>)?.[Symbol.asyncIterator] === 'function';

export interface CareGraphGatewayContext {
  careGraph: GatewayRequest;
  params?: { query?: string };
}

/**
 * The client's variables coerced as Apollo Server does before executing: graphql-js's own errors
 * (same messages, same locations), coded BAD_USER_INPUT with HTTP 400. Hive's executor gives the
 * same errors without a code; checked here, the gateway answers as the monolith does.
 */
function badVariables(schema: GraphQLSchema, operation: ReturnType<typeof getOperationAST>, variables: Record<string, unknown> | undefined): GraphQLError[] | null {
  if (!operation?.variableDefinitions?.length) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions, variables ?? {}, { maxErrors: 50 });
  if (!coerced.errors) return null;
  return coerced.errors.map(
    (error) => new GraphQLError(error.message, { nodes: error.nodes, originalError: error.originalError, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } }),
  );
}

/**
 * The request-level rules the monolith's access plugin applies, applied once to the client's
 * whole operation at the gateway and with the same code: anonymous callers reach `@public`
 * fields only, over-deep variables are refused, the caller's query limits hold. Measured on
 * the monolith's own schema (identical to the supergraph's API schema), so the same operation
 * gets the same verdict. Field rules are left to the subgraphs' access transform; their errors
 * get the monolith's paths back afterwards (error-paths.ts).
 */
export function gatewayGuard(schema: GraphQLSchema, ownerOf: (typeName: string, fieldName: string) => string): GatewayPlugin<CareGraphGatewayContext> {
  const checkRequest = createRequestRules(schema);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as CareGraphGatewayContext;
      const request = ctx.careGraph;
      const operation = getOperationAST(args.document, args.operationName);
      request.operationName = operation?.name?.value ?? null;
      const refusal = checkRequest(request.caller, {
        source: ctx.params?.query ?? '',
        document: args.document,
        operationName: args.operationName ?? undefined,
        variables: args.variableValues ?? undefined,
      });
      if (refusal) return setResultAndStopExecution({ errors: [refusal] });
      const badInput = badVariables(schema, operation, args.variableValues ?? undefined);
      if (badInput) return setResultAndStopExecution({ errors: badInput });
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result) || !result.errors?.length) return;
          setResult(restoreErrorPaths(placeUnavailableSubgraphErrors(result, args.document, args.operationName, schema, ownerOf), args.document, args.operationName));
        },
      };
    },
  };
}
