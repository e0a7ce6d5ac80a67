/**
 * The request side of `npm run bench:soak`: one GraphQL/HTTP call and what came back (status,
 * error codes, whether personal data was disclosed), and a tally of outcomes by phase of the
 * outage drill (before / during / after) and by second.
 */

export type Phase = 'before' | 'during' | 'after';
export type Op = 'Q1' | 'Q2' | 'report' | 'import' | 'monitoring' | 'import (interrupted)' | 'import (re-run)';

export interface Outcome {
  op: Op;
  /** ms since the soak started, when the request was sent. */
  at: number;
  ms: number;
  /** HTTP status, or 0 when no response came (socket error, timeout). */
  status: number;
  /** `extensions.code` of every error, or the socket error's name. */
  codes: string[];
  /** The response carried an ID number (a personal value that must have its audit row). */
  disclosing: boolean;
  body: any;
}

/** `ok`, or what went wrong: `503 DATABASE_UNAVAILABLE`, `200 INTERNAL_SERVER_ERROR`, `socket TypeError`. */
export const kindOf = (o: Outcome): string =>
  o.status === 200 && o.codes.length === 0 ? 'ok' : o.status === 0 ? `socket ${o.codes.join('+')}` : `${o.status} ${[...new Set(o.codes)].sort().join('+') || '(no code)'}`;

const DISCLOSES = /"idNumber":"[0-9]/;

/** Sends one request and classifies the answer; never throws. */
export async function call(op: Op, started: number, url: string, init: RequestInit, timeoutMs = 120_000): Promise<Outcome> {
  const at = performance.now() - started;
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let body: any = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = { unparsed: text.slice(0, 200) };
    }
    const codes: string[] = (body?.errors ?? []).map((e: any) => String(e?.extensions?.code ?? '(no code)'));
    if (res.status !== 200 && codes.length === 0) codes.push(String(body?.code ?? body?.error ?? '(no code)'));
    return { op, at, ms: performance.now() - started - at, status: res.status, codes, disclosing: DISCLOSES.test(text), body };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { op, at, ms: performance.now() - started - at, status: 0, codes: [e.cause?.code ?? e.name], disclosing: false, body: null };
  }
}

export function graphqlInit(query: string, variables: Record<string, unknown>, headers: Record<string, string>, operationName?: string): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables, operationName }) };
}

interface Cell {
  count: number;
  ok: number;
  disclosing: number;
  kinds: Map<string, number>;
  latencies: number[];
}

/** Outcomes by phase × op, plus ok/error counts per second of the run. */
export class Tally {
  readonly cells = new Map<string, Cell>();
  readonly perSecond = new Map<number, { ok: number; errors: number }>();
  disclosing = 0;
  /** Error kinds that must never appear (anything but a coded 503), with one example each. */
  readonly unexpected = new Map<string, { count: number; example: Outcome }>();

  constructor(private readonly phaseAt: (at: number) => Phase) {}

  /** Phases and seconds count by when the answer came: a request cut off by the stop belongs to the outage. */
  add(o: Outcome): void {
    const done = o.at + o.ms;
    const phase = this.phaseAt(done);
    const key = `${phase}|${o.op}`;
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { count: 0, ok: 0, disclosing: 0, kinds: new Map(), latencies: [] }));
    const kind = kindOf(o);
    cell.count++;
    if (kind === 'ok') cell.ok++;
    else cell.kinds.set(kind, (cell.kinds.get(kind) ?? 0) + 1);
    if (o.disclosing) {
      cell.disclosing++;
      this.disclosing++;
    }
    cell.latencies.push(o.ms);
    const second = Math.floor(done / 1000);
    const s = this.perSecond.get(second) ?? { ok: 0, errors: 0 };
    if (kind === 'ok') s.ok++;
    else s.errors++;
    this.perSecond.set(second, s);
    if (kind !== 'ok' && !/^503 (DATABASE_UNAVAILABLE|AUDIT_UNAVAILABLE)(\+|$)/.test(kind)) {
      const u = this.unexpected.get(kind);
      if (u) u.count++;
      else this.unexpected.set(kind, { count: 1, example: o });
    }
  }

  cell(phase: Phase, op: Op): Cell | undefined {
    return this.cells.get(`${phase}|${op}`);
  }
}

export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return Number(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1));
}
