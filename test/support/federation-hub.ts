import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { departments } from '../../src/departments/registry.js';
import { createSubgraphHub, type SubgraphHub } from '../../src/federation/subgraph-hub.js';
import { createGatewayApp } from '../../src/federation/gateway-app.js';
import { composeSupergraph } from '../../src/federation/supergraph.js';
import { fieldOwnership } from '../../src/federation/ownership.js';
import { allSubgraphDocuments } from '../../src/federation/subgraph-schema.js';
import { grafbaseBinary, startGrafbaseRouter, type GrafbaseRouter } from '../../src/federation/routers/grafbase.js';
import { startTestHub, type GraphQLResponse, type TestHub, type TestHubOptions } from './test-hub.js';

/**
 * The monolith and the federated hub side by side on ONE database: a monolith test hub, every
 * subgraph on its own port (in this process, each with its own connection pool), and the Hive
 * gateway in front. `gatewayQuery` sends exactly what `monolith.query` sends, to the gateway.
 */
export interface FederatedTestHub {
  monolith: TestHub;
  /** Which router composes the subgraphs (and so which trust mode they run in). */
  router: FederationRouter;
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  /** How long the gateway waits for a subgraph here (short, for the hung-subgraph test). */
  subgraphTimeoutMs: number;
  secret: string;
  gatewayQuery<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** Closes one subgraph's server and pool: its port refuses connections until {@link startSubgraph}. */
  stopSubgraph(name: string): Promise<void>;
  startSubgraph(name: string): Promise<void>;
  /** SQL statements every subgraph issued while `fn` ran. */
  countSubgraphStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }>;
  close(): Promise<void>;
}

const silent = pino({ level: 'silent' });

/**
 * `hive`: CareGraph's own gateway (Hive Gateway runtime, src/federation/gateway-app.ts), subgraphs
 * in signed trust mode. `grafbase`: Grafbase's Rust gateway (`grafbase dev`), a standard router
 * that forwards the client's headers, subgraphs in forwarded trust mode.
 */
export type FederationRouter = 'hive' | 'grafbase';

/** The routers this machine can run, and why the others cannot (a test names the reason in its skip). */
export function availableRouters(): Array<{ router: FederationRouter; missing: string | null }> {
  const grafbase = grafbaseBinary();
  return [
    { router: 'hive', missing: null },
    { router: 'grafbase', missing: 'missing' in grafbase ? grafbase.missing : null },
  ];
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startFederatedTestHub(opts: TestHubOptions & { router?: FederationRouter } = {}): Promise<FederatedTestHub> {
  const router = opts.router ?? 'hive';
  const monolith = await startTestHub(opts);
  const secret = randomBytes(32).toString('hex');
  const names = fieldOwnership(departments).subgraphs;
  const hubs = new Map<string, SubgraphHub>();
  const ports = new Map<string, number>();
  const subgraphUrls: Record<string, string> = {};

  async function startSubgraph(name: string): Promise<void> {
    const hub = await createSubgraphHub({
      url: monolith.dbUrl,
      subgraph: name,
      departments,
      logger: silent,
      secret,
      poolMax: 4,
      trust: router === 'hive' ? 'signed' : 'forwarded',
      jwt: opts.jwt ?? null,
    });
    const address = await hub.app.listen({ port: ports.get(name) ?? 0, host: '127.0.0.1' });
    ports.set(name, Number(new URL(address).port));
    subgraphUrls[name] = `${address}/graphql`;
    hubs.set(name, hub);
  }
  for (const name of names) await startSubgraph(name);

  let gateway: FastifyInstance | null = null;
  let grafbase: GrafbaseRouter | null = null;
  let gatewayUrl: string;
  if (router === 'hive') {
    gateway = await createGatewayApp({
      supergraph: composeSupergraph(departments),
      subgraphUrls,
      em: monolith.hub.orm.em,
      departments,
      logger: silent,
      secret,
      jwt: opts.jwt ?? null,
      subgraphTimeoutMs: 2_000,
    });
    gatewayUrl = await gateway.listen({ port: 0, host: '127.0.0.1' });
  } else {
    const binary = grafbaseBinary();
    if ('missing' in binary) throw new Error(binary.missing);
    grafbase = await startGrafbaseRouter({ binary: binary.path, documents: allSubgraphDocuments(departments), urls: subgraphUrls, port: await freePort(), timeoutSeconds: 2 });
    gatewayUrl = grafbase.url.replace(/\/graphql$/, '');
  }

  return {
    monolith,
    router,
    gatewayUrl,
    subgraphUrls,
    subgraphTimeoutMs: 2_000,
    secret,
    async gatewayQuery(query, variables, headers = {}) {
      const all: Record<string, string> = { 'content-type': 'application/json', ...(await monolith.as('admin')), ...headers };
      for (const [k, v] of Object.entries(all)) if (v === '') delete all[k];
      // A standard router forwards the request id it is given: here, as an ingress in front of it would set one.
      if (router !== 'hive' && !all['x-request-id']) all['x-request-id'] = randomUUID();
      const res = await fetch(`${gatewayUrl}/graphql`, { method: 'POST', headers: all, body: JSON.stringify({ query, variables }) });
      return { status: res.status, body: (await res.json()) as GraphQLResponse['body'] };
    },
    async stopSubgraph(name) {
      await hubs.get(name)!.close();
      hubs.delete(name);
    },
    startSubgraph,
    async countSubgraphStatements(fn) {
      const statements: string[] = [];
      const listener = (q: { sql: string }) => statements.push(q.sql);
      const knexes = [...hubs.values()].map((h) => h.orm.em.getConnection().getKnex());
      knexes.forEach((k) => k.on('query', listener));
      try {
        return { result: await fn(), statements };
      } finally {
        knexes.forEach((k) => k.off('query', listener));
      }
    },
    async close() {
      await gateway?.close();
      await grafbase?.stop();
      for (const hub of hubs.values()) await hub.close();
      await monolith.close();
    },
  };
}
