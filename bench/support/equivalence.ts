/**
 * "Equivalent bodies" for `npm run bench`: each server's answer is reduced to a canonical form
 * and the forms must be identical. Canonical = the person ids in order (Q2, ordered by id) or as a
 * set (household members), their ID numbers, names and other compared person fields, totalCount,
 * and for every department record kind the set of record ids with their compared field values
 * (money as the 2-decimal string, dates as YYYY-MM-DD). Enum-coded values whose storage differs
 * from the API (e.g. disability category 4 vs PHYSICAL) are not selected. Q3: the report rows
 * (keys → cell values) as a set; a suppressed or rounded cell would differ from the ceiling and fail,
 * so the gate asks through a caller with exact counts (the timed runs ask as the office).
 */
import { FULL_PROFILE, SUMMARY_PROFILE, type RecordKind } from './comparison-queries.js';

type Json = any;

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function canonRecords(person: Json, kinds: RecordKind[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const k of kinds) {
    const list: Json[] = person[k.department]?.[k.field] ?? ['<missing>'];
    out[`${k.department}.${k.field}`] = list.map((r) => [r.id, ...Object.keys(k.columns).map((c) => String(r[c]))].join('|')).sort();
  }
  return out;
}

function canonPerson(p: Json, fields: string[], kinds: RecordKind[]): Json {
  if (!p) return null;
  return { id: String(p.id), ...Object.fromEntries(fields.map((f) => [f, p[f] ?? null])), records: canonRecords(p, kinds) };
}

/** PostGraphile's generated shape (rowId, `<table>sByPersonId { nodes }`) → CareGraph's shape. */
function fromPostGraphile(p: Json, fields: string[], kinds: RecordKind[]): Json {
  if (!p) return null;
  const person: Json = { id: String(p.rowId) };
  for (const f of fields) person[f] = p[f] ?? p[camel(f)];
  for (const k of kinds) {
    person[k.department] ??= {};
    person[k.department][k.field] = p[k.pglRelation].nodes.map((n: Json) => ({
      id: String(n.rowId),
      ...Object.fromEntries(Object.entries(k.columns).map(([api, col]) => [api, n[camel(col)]])),
    }));
  }
  return person;
}

const PERSON = ['idNumber', 'name', 'birthDate', 'phone'];
const MEMBER = ['idNumber', 'name', 'relationToHead'];

export function canonical(query: 'Q1' | 'Q2' | 'Q3', server: 'caregraph' | 'ceiling' | 'postgraphile', body: Json): Json {
  if (body.errors) throw new Error(`${server} ${query} answered errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
  const pgl = server === 'postgraphile';
  if (query === 'Q1') {
    const raw = pgl ? body.data.personByIdNumber : body.data.personByIdNumber;
    const p = pgl ? fromPostGraphile(raw, PERSON, FULL_PROFILE) : raw;
    const h = pgl ? raw.householdByHouseholdId : raw.household;
    const members: Json[] = pgl ? h.peopleByHouseholdId.nodes.map((m: Json) => fromPostGraphile(m, MEMBER, FULL_PROFILE)) : h.members;
    return {
      person: canonPerson(p, PERSON, FULL_PROFILE),
      household: {
        id: String(pgl ? h.rowId : h.id),
        householdNumber: h.householdNumber,
        monitoringStatus: h.monitoringStatus,
        members: members.map((m) => canonPerson(m, MEMBER, FULL_PROFILE)).sort((a, b) => Number(a.id) - Number(b.id)),
      },
    };
  }
  if (query === 'Q2') {
    const conn = pgl ? body.data.benchQ2Persons : body.data.persons;
    const nodes: Json[] = pgl ? conn.nodes.map((n: Json) => fromPostGraphile(n, MEMBER, SUMMARY_PROFILE)) : conn.nodes;
    return { totalCount: conn.totalCount, nodes: nodes.map((n) => canonPerson(n, MEMBER, SUMMARY_PROFILE)) };
  }
  return (body.data.report.rows as Json[]).map((r) => `${r.keys.every((k: Json) => k == null || k === '') ? 'TOTAL' : r.keys.join('/')}=${r.cells.map((c: Json) => (c.suppressed ? 'suppressed' : String(c.value))).join(',')}`).sort();
}
