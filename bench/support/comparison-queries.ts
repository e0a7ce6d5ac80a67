/**
 * The queries of `npm run bench` (Q1, Q2, Q3) for the three servers, all derived from one table
 * of department record kinds so the CareGraph query, the PostGraphile query and the ceiling's
 * hand-written SQL cannot drift apart.
 */

export interface RecordKind {
  /** CareGraph: `person.<department>.<field>`. */
  department: string;
  field: string;
  /** Postgres table (schema-qualified). */
  table: string;
  /** PostGraphile v5 backward relation on `Person` (amber inflection: schema-prefixed when several schemas are exposed). */
  pglRelation: string;
  /** Compared fields: API name → column. Values read the same in all three APIs (strings, dates, money, ints). */
  columns: Record<string, string>;
}

const kind = (department: string, field: string, table: string, pglRelation: string, columns: Record<string, string>): RecordKind => ({ department, field, table, pglRelation, columns });

/** Q1: everything a case worker opens for one person (as in the enforcement benchmark). */
export const FULL_PROFILE: RecordKind[] = [
  kind('civilAffairs', 'enrolments', 'civil_affairs.assistance_enrolment', 'civilAffairsAssistanceEnrolmentsByPersonId', { program: 'program', status: 'status', monthlyAmount: 'monthly_amount' }),
  kind('civilAffairs', 'careTargets', 'civil_affairs.care_target', 'civilAffairsCareTargetsByPersonId', { keyGuardianship: 'key_guardianship' }),
  kind('civilAffairs', 'custodyAgreements', 'civil_affairs.custody_agreement', 'civilAffairsCustodyAgreementsByPersonId', { signedDate: 'signed_date' }),
  kind('disability', 'certificates', 'disability.certificate', 'disabilityCertificatesByPersonId', { grade: 'grade', certificateNumber: 'certificate_number', validUntil: 'valid_until' }),
  kind('disability', 'rehabServices', 'disability.rehab_service', 'disabilityRehabServicesByPersonId', { status: 'status' }),
  kind('disability', 'subsidies', 'disability.subsidy', 'disabilitySubsidiesByPersonId', { kind: 'kind', monthlyAmount: 'monthly_amount' }),
  kind('education', 'enrolments', 'education.enrolment', 'educationEnrolmentsByPersonId', { stage: 'stage', status: 'status', leftBehind: 'left_behind' }),
  kind('education', 'teacherPairings', 'education.teacher_pairing', 'educationTeacherPairingsByPersonId', { teacherName: 'teacher_name' }),
  kind('womensFederation', 'leftBehindRecords', 'womens_federation.left_behind_woman', 'womensFederationLeftBehindWomenByPersonId', { needs: 'needs' }),
  kind('womensFederation', 'supportCases', 'womens_federation.support_case', 'womensFederationSupportCasesByPersonId', { kind: 'kind', status: 'status' }),
  kind('health', 'familyDoctorContracts', 'health.family_doctor_contract', 'healthFamilyDoctorContractsByPersonId', { validUntil: 'valid_until' }),
  kind('health', 'conditions', 'health.condition', 'healthConditionsByPersonId', { icd10Code: 'icd10_code', name: 'name' }),
  kind('health', 'medicalExpenses', 'health.medical_expense', 'healthMedicalExpensesByPersonId', { year: 'year', outOfPocket: 'out_of_pocket' }),
];

/** Q2: one summary list per department for each person of the page. */
export const SUMMARY_PROFILE: RecordKind[] = ['civilAffairs.enrolments', 'disability.certificates', 'education.enrolments', 'womensFederation.supportCases', 'health.familyDoctorContracts'].map(
  (path) => FULL_PROFILE.find((k) => `${k.department}.${k.field}` === path)!,
);

const PERSON_FIELDS = { idNumber: 'id_number', name: 'name', birthDate: 'birth_date', phone: 'phone' };
const MEMBER_FIELDS = { idNumber: 'id_number', name: 'name', relationToHead: 'relation_to_head' };

// ---------------------------------------------------------------- CareGraph (and the ceiling's body shape)

function careGraphProfile(kinds: RecordKind[]): string {
  const departments = [...new Set(kinds.map((k) => k.department))];
  return departments
    .map((d) => `${d} { ${kinds.filter((k) => k.department === d).map((k) => `${k.field} { id ${Object.keys(k.columns).join(' ')} }`).join(' ')} }`)
    .join(' ');
}

export const CAREGRAPH = {
  Q1: `query Q1($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { id ${Object.keys(PERSON_FIELDS).join(' ')} ${careGraphProfile(FULL_PROFILE)}
    household { id householdNumber monitoringStatus members { id ${Object.keys(MEMBER_FIELDS).join(' ')} ${careGraphProfile(FULL_PROFILE)} } } } }`,
  Q2: `query Q2($filter: PersonFilter!) { persons(filter: $filter, first: 50) { totalCount nodes { id ${Object.keys(MEMBER_FIELDS).join(' ')} ${careGraphProfile(SUMMARY_PROFILE)} } } }`,
  Q3: `query Q3($input: ReportInput!) { report(input: $input) { rows { keys cells { value suppressed } } } }`,
};

export const q2Filter = (township: string) => ({
  regionCode: township,
  civilAffairs: { assistanceProgram: ['DIBAO'], assistanceStatus: ['ACTIVE'] },
  disability: { grade: [1, 2, 3, 4] },
});

/** Q3: persons and households on active 低保 by township × gender (no subtotals). */
export const Q3_INPUT = {
  groupBy: ['REGION_TOWNSHIP', 'GENDER'],
  measures: ['PERSONS', 'HOUSEHOLDS'],
  filter: { civilAffairs: { assistanceProgram: ['DIBAO'], assistanceStatus: ['ACTIVE'] } },
  subtotals: false,
};

// ---------------------------------------------------------------- PostGraphile v5 (amber inflection)

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function pglProfile(kinds: RecordKind[]): string {
  return kinds.map((k) => `${k.pglRelation} { nodes { rowId ${Object.values(k.columns).map(camel).join(' ')} } }`).join(' ');
}

export const POSTGRAPHILE = {
  Q1: `query Q1($idNumber: String!) { personByIdNumber(idNumber: $idNumber) { rowId ${Object.values(PERSON_FIELDS).map(camel).join(' ')} ${pglProfile(FULL_PROFILE)}
    householdByHouseholdId { rowId householdNumber monitoringStatus peopleByHouseholdId { nodes { rowId ${Object.values(MEMBER_FIELDS).map(camel).join(' ')} ${pglProfile(FULL_PROFILE)} } } } } }`,
  Q2: `query Q2($township: String!) { benchQ2Persons(township: $township, first: 50) { totalCount nodes { rowId ${Object.values(MEMBER_FIELDS).map(camel).join(' ')} ${pglProfile(SUMMARY_PROFILE)} } } }`,
};

/**
 * Q2's cross-department predicate for PostGraphile, which has no such filter language: a SQL
 * function it exposes as the root connection `benchQ2Persons` (the documented way to add a custom
 * query). Same predicate as CareGraph's filter and the ceiling's SQL, with the region written as
 * CareGraph's compiler writes it (`regionPrefixMatch`: an index range on the person's division code).
 */
export const Q2_PREDICATE_SQL = `
  p.region_code between $1 and rpad($1, 12, '9') and p.region_code like $1 || '%'
  and exists (select 1 from civil_affairs.assistance_enrolment e where e.person_id = p.id and e.program = 'DIBAO' and e.status = 'ACTIVE')
  and exists (select 1 from disability.certificate c where c.person_id = p.id and c.grade in (1, 2, 3, 4))`;

export const POSTGRAPHILE_SETUP_SQL = `
  create schema if not exists bench;
  -- The unique constraint on the clear ID number gave way to its blind index (field encryption,
  -- docs/security.md): a smart tag keeps PostGraphile's personByIdNumber on a clear dataset, and an
  -- index of the benchmark's own gives the peers the look-up a clear schema would have (without it
  -- their Q1 scans a million rows: 7 req/s).
  comment on table core.person is E'@unique id_number';
  create unique index if not exists bench_person_id_number on core.person (id_number);
  create or replace function bench.q2_persons(township text) returns setof core.person language sql stable as $fn$
    select p.* from core.person p where ${Q2_PREDICATE_SQL} order by p.id
  $fn$;`;

// ---------------------------------------------------------------- ceiling: hand-written SQL, JSON built by PostgreSQL

function sqlFields(alias: string, fields: Record<string, string>): string {
  return Object.entries(fields).map(([api, col]) => `'${api}', ${alias}.${col}`).join(', ');
}

/** The department sub-objects of person `alias` as one JSON value per department, CareGraph's shape. */
function sqlProfile(kinds: RecordKind[], alias: string): string {
  const departments = [...new Set(kinds.map((k) => k.department))];
  return departments
    .map((d) => {
      const lists = kinds
        .filter((k) => k.department === d)
        .map((k) => {
          const cols = Object.entries(k.columns).map(([api, col]) => `'${api}', ${/amount|pocket/.test(col) ? `r.${col}::text` : `r.${col}`}`);
          return `'${k.field}', coalesce((select json_agg(json_build_object('id', r.id::text, ${cols.join(', ')}) order by r.id) from ${k.table} r where r.person_id = ${alias}.id), '[]')`;
        });
      return `'${d}', json_build_object(${lists.join(', ')})`;
    })
    .join(', ');
}

export const CEILING_SQL = {
  Q1: `select json_build_object('data', json_build_object('personByIdNumber', json_build_object('id', p.id::text, ${sqlFields('p', PERSON_FIELDS)}, ${sqlProfile(FULL_PROFILE, 'p')},
      'household', (select json_build_object('id', h.id::text, 'householdNumber', h.household_number, 'monitoringStatus', h.monitoring_status,
        'members', (select json_agg(json_build_object('id', m.id::text, ${sqlFields('m', MEMBER_FIELDS)}, ${sqlProfile(FULL_PROFILE, 'm')}) order by m.id) from core.person m where m.household_id = h.id))
        from core.household h where h.id = p.household_id)))) as body
    from core.person p where p.id_number = $1`,
  Q2: `with matched as (select p.* from core.person p where ${Q2_PREDICATE_SQL})
    select json_build_object('data', json_build_object('persons', json_build_object('totalCount', (select count(*) from matched),
      'nodes', coalesce((select json_agg(json_build_object('id', m.id::text, ${sqlFields('m', MEMBER_FIELDS)}, ${sqlProfile(SUMMARY_PROFILE, 'm')}) order by m.id)
        from (select * from matched order by id limit 50) m), '[]')))) as body`,
  /** Q3 with its grand total, without suppression logic: at 1M persons no cell is under the threshold (the equivalence check would catch one). */
  Q3: `select json_build_object('data', json_build_object('report', json_build_object('rows', coalesce(json_agg(json_build_object(
      'keys', case when total = 1 then json_build_array(null, null) else json_build_array(t, g) end,
      'cells', json_build_array(json_build_object('value', n, 'suppressed', false), json_build_object('value', hh, 'suppressed', false))) order by total, t, g), '[]')))) as body
    from (select coalesce(substr(p.region_code, 1, 9), 'NONE') t, p.gender g, grouping(p.gender) total, count(*) n, count(distinct p.household_id) hh
      from core.person p
      where exists (select 1 from civil_affairs.assistance_enrolment e where e.person_id = p.id and e.program = 'DIBAO' and e.status = 'ACTIVE')
      group by grouping sets ((1, 2), ())) x`,
};
