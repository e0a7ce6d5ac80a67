/**
 * The benchmark's "equivalent bodies" gate (bench/support/equivalence.ts): CareGraph's shape and
 * PostGraphile's generated shape of the same data reduce to one canonical form, and any
 * difference in ids, compared values or record sets shows.
 */
import { canonical } from '../../bench/support/equivalence.js';
import { FULL_PROFILE, SUMMARY_PROFILE } from '../../bench/support/comparison-queries.js';

const enrolment = { id: '7', program: 'DIBAO', status: 'ACTIVE', monthlyAmount: '430.00' };

/** A CareGraph person with one 低保 enrolment and every other record list empty. */
function careGraphPerson(id: string, extra: Record<string, unknown>, records = [enrolment]) {
  const person: Record<string, any> = { id, ...extra };
  for (const k of FULL_PROFILE) (person[k.department] ??= {})[k.field] = k.field === 'enrolments' && k.department === 'civilAffairs' ? records : [];
  return person;
}

function postGraphilePerson(id: string, extra: Record<string, unknown>, records = [enrolment]) {
  const person: Record<string, any> = { rowId: id, ...extra };
  for (const k of FULL_PROFILE) {
    const own = k.department === 'civilAffairs' && k.field === 'enrolments';
    person[k.pglRelation] = { nodes: own ? records.map((r) => ({ rowId: r.id, program: r.program, status: r.status, monthlyAmount: r.monthlyAmount })) : [] };
  }
  return person;
}

const head = { idNumber: '11010519491231002X', name: '王芳', relationToHead: 'HEAD' };
const personFields = { idNumber: head.idNumber, name: head.name, birthDate: '1949-12-31', phone: null };

const careGraphQ1 = (records = [enrolment]) => ({
  data: {
    personByIdNumber: {
      ...careGraphPerson('1', personFields, records),
      household: { id: '3', householdNumber: 'H1', monitoringStatus: 'DIBAO', members: [careGraphPerson('2', { idNumber: 'x', name: '李', relationToHead: 'SPOUSE' }), careGraphPerson('1', head, records)] },
    },
  },
});
const postGraphileQ1 = {
  data: {
    personByIdNumber: {
      ...postGraphilePerson('1', personFields),
      householdByHouseholdId: {
        rowId: '3',
        householdNumber: 'H1',
        monitoringStatus: 'DIBAO',
        peopleByHouseholdId: { nodes: [postGraphilePerson('1', head), postGraphilePerson('2', { idNumber: 'x', name: '李', relationToHead: 'SPOUSE' })] },
      },
    },
  },
};

describe('benchmark equivalence gate', () => {
  it('gives CareGraph and PostGraphile answers with the same data one canonical form (member order aside)', () => {
    expect(canonical('Q1', 'postgraphile', postGraphileQ1)).toEqual(canonical('Q1', 'caregraph', careGraphQ1()));
  });

  it('tells apart answers whose record values differ', () => {
    const changed = careGraphQ1([{ ...enrolment, monthlyAmount: '360.00' }]);
    expect(canonical('Q1', 'caregraph', changed)).not.toEqual(canonical('Q1', 'postgraphile', postGraphileQ1));
  });

  it('keeps Q2 page order and totalCount', () => {
    const node = (id: string) => {
      const p: Record<string, any> = { id, idNumber: id, name: id, relationToHead: 'HEAD' };
      for (const k of SUMMARY_PROFILE) (p[k.department] ??= {})[k.field] = [];
      return p;
    };
    const a = canonical('Q2', 'caregraph', { data: { persons: { totalCount: 2, nodes: [node('1'), node('2')] } } });
    const b = canonical('Q2', 'ceiling', { data: { persons: { totalCount: 2, nodes: [node('2'), node('1')] } } });
    expect(a).not.toEqual(b);
    expect(a.nodes.map((n: { id: string }) => n.id)).toEqual(['1', '2']);
  });

  it('treats a suppressed report cell as different from its value, and names the grand total', () => {
    const rows = (suppressed: boolean) => ({ data: { report: { rows: [{ keys: [null, null], cells: [{ value: 9, suppressed: false }] }, { keys: ['410823001', 'MALE'], cells: [{ value: suppressed ? null : 3, suppressed }] }] } } });
    expect(canonical('Q3', 'ceiling', rows(false))).toEqual(['410823001/MALE=3', 'TOTAL=9']);
    expect(canonical('Q3', 'caregraph', rows(true))).not.toEqual(canonical('Q3', 'ceiling', rows(false)));
  });

  it('fails on a GraphQL error instead of comparing', () => {
    expect(() => canonical('Q1', 'caregraph', { errors: [{ message: 'denied' }] })).toThrow(/answered errors/);
  });
});
