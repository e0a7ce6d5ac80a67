/** Writes the results of `npm run bench:soak` as bench/results/<name>.md and .json. */
import fs from 'node:fs';
import { percentile, type Op, type Phase, type Tally } from './soak-load.js';

export interface SoakResult {
  date: string;
  commit: string;
  command: string;
  settings: Record<string, number>;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; loadAverage: number[] };
  /** ms since the start of the run. */
  drill: {
    stopAt: number | null;
    stoppedAt: number | null;
    startAt: number | null;
    startedAt: number | null;
    /** First successful Q1 answered after PostgreSQL was started again. */
    firstOkAt: number | null;
    healthDownAt: number | null;
    healthUpAt: number | null;
  };
  tally: Tally;
  examples: Array<{ kind: string; body: string | null }>;
  health: Array<{ at: number; status: number; body: unknown }>;
  rss: Array<{ at: number; mb: number }>;
  audit: { disclosingResponses: number; auditedRequests: number; auditRows: number };
  interruptedImport: {
    rows: number;
    committedWhenStopped: number | null;
    committedAfterOutage: number | null;
    firstResponse: { status: number; codes: string[] } | null;
    reRun: { status: number; created: number | null; updated: number | null; unchanged: number | null; rejected: number | null } | null;
    rowsInTable: number | null;
    distinctInTable: number | null;
  };
  smallImports: number;
  hubPid: number;
  /** The same hub process was still running at the end. */
  hubAlive: boolean;
  hubLog: Array<{ msg: string; level: number; count: number; example: string }>;
}

/** The hub's warnings and errors, grouped by message and error message. */
export function summarizeHubLog(file: string): SoakResult['hubLog'] {
  const groups = new Map<string, { msg: string; level: number; count: number; example: string }>();
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry: { msg?: string; level?: number; err?: { type?: string; message?: string } };
    try {
      entry = JSON.parse(line);
    } catch {
      entry = { msg: line.slice(0, 200), level: 0 };
    }
    const key = `${entry.msg} | ${entry.err?.type ?? ''}: ${(entry.err?.message ?? '').replace(/\d+/g, 'N')}`;
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { msg: key, level: entry.level ?? 0, count: 1, example: line.slice(0, 600) });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count);
}

const PHASES: Phase[] = ['before', 'during', 'after'];
const OPS: Op[] = ['Q1', 'Q2', 'report', 'import', 'monitoring', 'import (interrupted)', 'import (re-run)'];
const s = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const gap = (a: number | null, b: number | null) => (a === null || b === null ? '—' : `${Math.round(b - a).toLocaleString('en')} ms`);
const yes = (ok: boolean) => (ok ? '**yes**' : '**NO**');

function phaseTable(tally: Tally): string {
  const rows: string[] = [];
  for (const phase of PHASES) {
    for (const op of OPS) {
      const c = tally.cell(phase, op);
      if (!c) continue;
      const kinds = [...c.kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n.toLocaleString('en')} × ${k}`).join('<br>') || '—';
      const lat = phase === 'during' ? '—' : `${percentile(c.latencies, 50)} / ${percentile(c.latencies, 95)}`;
      rows.push(`| ${phase} | ${op} | ${c.count.toLocaleString('en')} | ${c.ok.toLocaleString('en')} | ${(c.count - c.ok).toLocaleString('en')} | ${kinds} | ${lat} |`);
    }
  }
  return `| phase | request | sent | ok | errors | error kinds (HTTP status, extensions.code) | p50 / p95 ms |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}`;
}

function rssSection(rss: SoakResult['rss']): { table: string; summary: string; flat: boolean } {
  const mbs = rss.map((r) => r.mb);
  // Flatness after warm-up: the last third's mean against the second third's.
  const third = Math.max(1, Math.floor(rss.length / 3));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const middle = mean(mbs.slice(third, 2 * third));
  const last = mean(mbs.slice(2 * third));
  const growth = middle ? (last - middle) / middle : 0;
  const flat = growth < 0.1;
  const perRow = 6;
  const cells = rss.map((r) => `${Math.round(r.at / 1000)} s: ${r.mb}`);
  const lines: string[] = [];
  for (let i = 0; i < cells.length; i += perRow) lines.push(`| ${cells.slice(i, i + perRow).join(' | ')} |`);
  const header = `| ${Array.from({ length: perRow }, () => 'MB').join(' | ')} |\n|${Array.from({ length: perRow }, () => '---').join('|')}|`;
  return {
    table: `${header}\n${lines.join('\n')}`,
    summary: `start ${mbs[0]} MB, min ${Math.min(...mbs)}, max ${Math.max(...mbs)}, end ${mbs.at(-1)}; mean of the middle third ${middle.toFixed(0)} MB, of the last third ${last.toFixed(0)} MB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)}%)`,
    flat,
  };
}

function timeline(r: SoakResult): string {
  const { stopAt, firstOkAt } = r.drill;
  if (stopAt === null) return '(no outage happened)';
  const from = Math.floor(stopAt / 1000) - 10;
  const to = Math.ceil((firstOkAt ?? stopAt) / 1000) + 10;
  const rows: string[] = [];
  for (let t = from; t <= to; t += 5) {
    let ok = 0;
    let errors = 0;
    for (let x = t; x < t + 5; x++) {
      const b = r.tally.perSecond.get(x);
      ok += b?.ok ?? 0;
      errors += b?.errors ?? 0;
    }
    const health = r.health.filter((h) => h.at >= t * 1000 && h.at < (t + 5) * 1000).map((h) => h.status).join(' ');
    rows.push(`| ${t}–${t + 5} s | ${ok} | ${errors} | ${health} |`);
  }
  return `| window | ok | errors | /healthz |\n|---|---|---|---|\n${rows.join('\n')}`;
}

export function writeSoakReport(r: SoakResult, name: string): string {
  const d = r.drill;
  const imp = r.interruptedImport;
  const unexpected = [...r.tally.unexpected.entries()];
  const afterErrors = OPS.reduce((n, op) => n + ((c) => (c ? c.count - c.ok : 0))(r.tally.cell('after', op)), 0);
  const beforeErrors = OPS.reduce((n, op) => n + ((c) => (c ? c.count - c.ok : 0))(r.tally.cell('before', op)), 0);
  const importExact =
    imp.reRun !== null &&
    imp.committedAfterOutage !== null &&
    imp.reRun.rejected === 0 &&
    imp.reRun.updated === 0 &&
    imp.reRun.unchanged === imp.committedAfterOutage &&
    imp.reRun.created === imp.rows - imp.committedAfterOutage &&
    imp.rowsInTable === imp.rows &&
    imp.distinctInTable === imp.rows;
  const interruptedMidway = imp.committedAfterOutage !== null && imp.committedAfterOutage > 0 && imp.committedAfterOutage < imp.rows;
  const rss = rssSection(r.rss);
  const healthDuring = r.health.filter((h) => d.stoppedAt !== null && d.startedAt !== null && h.at > d.stoppedAt + 1000 && h.at < d.startAt!);
  const healthReported = healthDuring.length > 0 && healthDuring.every((h) => h.status === 503 && (h.body as { code?: string })?.code === 'DATABASE_UNAVAILABLE');
  const auditEqual = r.audit.disclosingResponses === r.audit.auditedRequests;
  const loggedErrors = r.hubLog.filter((g) => g.level >= 50).reduce((n, g) => n + g.count, 0);
  const withheldLogged = r.hubLog.filter((g) => g.level >= 50 && g.msg.startsWith('audit write failed; response withheld')).reduce((n, g) => n + g.count, 0);
  let auditUnavailable = 0;
  for (const c of r.tally.cells.values()) for (const [kind, n] of c.kinds) if (kind.includes('AUDIT_UNAVAILABLE')) auditUnavailable += n;

  const md = `# Soak run with a PostgreSQL restart (${r.date.slice(0, 10)})

\`${r.command}\` at ${r.commit}: ${r.settings.minutes} minutes of mixed load from ${r.settings.connections} clients (Q1 : Q2 : report = 6 : 1 : 1,
as \`npm run bench\`'s callers, permissions and audit on) plus one job lane (a 2,000-row care-visit import over HTTP and a
monitoring run every ${r.settings.jobSeconds} s; ${r.smallImports} of each), against the hub in its own process on an embedded
PostgreSQL with ${r.settings.persons.toLocaleString('en')} demo persons (built in ${r.settings.seedSeconds} s). At 45% of the run a
${imp.rows.toLocaleString('en')}-row import started and PostgreSQL was stopped (fast shutdown) once a quarter of it was committed,
kept down ${r.settings.outageSeconds} s and started again on the same port and data. **The hub was not restarted.** Clients pause
250 ms after an error. Machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GB, Node ${r.machine.node}, shared
with other work (load average at the end ${r.machine.loadAverage.join(' / ')}).

## Verdict

| check | result |
|---|---|
| no errors before the outage | ${yes(beforeErrors === 0)} (${beforeErrors}) |
| no error but a coded 503 (\`DATABASE_UNAVAILABLE\`, or \`AUDIT_UNAVAILABLE\` for a response whose audit row could not be written), in any phase | ${yes(unexpected.length === 0)}${unexpected.length ? ` — ${unexpected.map(([k, u]) => `${u.count} × ${k}`).join(', ')}` : ''} |
| /healthz reported the outage (503, \`DATABASE_UNAVAILABLE\`, every sample) | ${yes(healthReported)} (${healthDuring.length} samples while down) |
| recovered without restarting the hub | ${yes(d.firstOkAt !== null && r.hubAlive)} (one hub process, pid ${r.hubPid}, from start to end) |
| the hub logged no unexpected error (level ≥ error; each withheld response logs one \`audit write failed\`) | ${yes(loggedErrors === withheldLogged && withheldLogged === auditUnavailable)} (${loggedErrors} logged: ${withheldLogged} withheld responses, ${auditUnavailable} \`AUDIT_UNAVAILABLE\` answers) |
| no errors after recovery | ${yes(afterErrors === 0)} (${afterErrors}) |
| audit: requests with audit rows = responses that disclosed an ID number | ${yes(auditEqual)} (${r.audit.auditedRequests.toLocaleString('en')} = ${r.audit.disclosingResponses.toLocaleString('en')}; ${r.audit.auditRows.toLocaleString('en')} rows, one per request × person) |
| the import was interrupted midway | ${yes(interruptedMidway)} (${imp.committedAfterOutage?.toLocaleString('en') ?? '—'} of ${imp.rows.toLocaleString('en')} rows committed) |
| its re-run gives exact counts | ${yes(importExact)} |
| RSS flat (last third within 10% of the middle third) | ${yes(rss.flat)} |

## Outage and recovery

| event | at | |
|---|---|---|
| PostgreSQL stop requested | ${s(d.stopAt)} | |
| PostgreSQL stopped | ${s(d.stoppedAt)} | stop took ${gap(d.stopAt, d.stoppedAt)} |
| /healthz first answered 503 | ${s(d.healthDownAt)} | ${gap(d.stoppedAt, d.healthDownAt)} after the stop (sampled every second) |
| PostgreSQL start requested | ${s(d.startAt)} | |
| PostgreSQL accepting connections | ${s(d.startedAt)} | start took ${gap(d.startAt, d.startedAt)} |
| first successful Q1 | ${s(d.firstOkAt)} | **${gap(d.startedAt, d.firstOkAt)} after PostgreSQL was up** (${gap(d.startAt, d.firstOkAt)} after the start was requested) |
| /healthz first answered 200 again | ${s(d.healthUpAt)} | ${gap(d.startedAt, d.healthUpAt)} after PostgreSQL was up (sampled every second) |

"During" below runs from the stop request to the first successful Q1; requests are placed by when their answer came.

${phaseTable(r.tally)}

Requests answered per 5 s around the outage (/healthz statuses sampled in the window):

${timeline(r)}

One example body per error kind:

${r.examples.map((e) => `- ${e.kind}: \`${e.body}\``).join('\n') || '- none'}

Errors other than a coded 503, first occurrence:

${unexpected.map(([k, u]) => `- ${u.count} × ${k}: first ${u.example.op} sent at ${s(u.example.at)}, answered after ${Math.round(u.example.ms)} ms`).join('\n') || '- none'}

The hub's log (warnings and errors, by message):

${r.hubLog.map((g) => `- ${g.count} × level ${g.level}: \`${g.msg}\``).join('\n') || '- nothing'}

## The interrupted import

| | rows |
|---|---|
| file | ${imp.rows.toLocaleString('en')} care visits, all new |
| committed when the stop was requested | ${imp.committedWhenStopped?.toLocaleString('en') ?? '—'} |
| committed after the outage (in the table) | ${imp.committedAfterOutage?.toLocaleString('en') ?? '—'} |
| the interrupted request's answer | ${imp.firstResponse ? `HTTP ${imp.firstResponse.status} ${imp.firstResponse.codes.join(', ')}` : '—'} |
| re-run of the same file | ${imp.reRun ? `HTTP ${imp.reRun.status}: created ${imp.reRun.created}, updated ${imp.reRun.updated}, unchanged ${imp.reRun.unchanged}, rejected ${imp.reRun.rejected}` : '—'} |
| rows in the table afterwards (distinct source record ids) | ${imp.rowsInTable?.toLocaleString('en') ?? '—'} (${imp.distinctInTable?.toLocaleString('en') ?? '—'}) |

Exact means: unchanged = the rows committed before the outage, created = the rest, nothing updated or rejected, and the
table holds every row once.

## RSS of the hub process, every 10 s

${rss.summary}.

${rss.table}
`;
  fs.mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${name}.md`;
  fs.writeFileSync(file, md);
  const cells = Object.fromEntries(
    [...r.tally.cells.entries()].map(([k, c]) => [k, { count: c.count, ok: c.ok, disclosing: c.disclosing, kinds: Object.fromEntries(c.kinds), p50: percentile(c.latencies, 50), p95: percentile(c.latencies, 95) }]),
  );
  fs.writeFileSync(`bench/results/${name}.json`, `${JSON.stringify({ ...r, tally: { cells, unexpected: Object.fromEntries([...r.tally.unexpected].map(([k, u]) => [k, u.count])) } }, null, 1)}\n`);
  return file;
}
