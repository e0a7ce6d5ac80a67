import { getNamedType, isLeafType, isObjectType, type GraphQLField } from 'graphql';
import { buildRawSchema } from '../../src/server/schema.js';
import { departments } from '../../src/departments/registry.js';
import { allFieldAccess } from '../../src/auth/access-plan.js';

/**
 * Every phone, ID number and name of a person — the subject's or a third party's (a care
 * target's responsible person, a custodian, a paired teacher, a visitor, an assessor) — is
 * personal data and carries `@sensitive` with the matching mask. A field is taken for a person's
 * name when its name says so (`name`, `visitor`, `assessor`, `teacher`, `contact`, `…By`…) or its
 * description does (`人`, `姓名`, `who`…): the seeded 走访人 and 考核人 were names in clear because
 * the rule once read only `*Name`/`*Person`. A new field like one fails here until it is masked or
 * listed below as naming no person, with the reason: that list is reviewed like the policy.
 */
const NOT_A_PERSONS_NAME: Record<string, string> = {
  'Region.name': 'an administrative division (行政区划名称)',
  'HealthCondition.name': 'a disease (疾病名称)',
  'SavedReport.name': "a report's title, chosen by its owner",
  'SavedReport.ownerId': 'a caller id (the official or partner system owning the report)',
  'MonitoringParameter.name': 'a rule parameter',
  'AuditEvent.callerId': 'a caller id: auditors must see who read the data',
  'AuditEvent.callerName': 'the partner system or official who read the data: auditors must see it in clear',
  'AuditEvent.operationName': "the client's GraphQL operation name",
  'Provenance.ingestedBy': 'a caller id (the partner system or official that wrote the record), not a person in it',
  'Warning.statusChangedBy': 'a caller id (the official who changed the status) or `monitoring`',
  'MonitoringParameterOverride.updatedBy': 'a caller id (the administrator who set the parameter)',
  'MonitoringRun.triggeredBy': 'a caller id or `schedule`',
  'DataQualityIssue.raisedBy': 'a caller id (the writer whose record raised the issue)',
  'DataQualityIssue.resolvedBy': 'a caller id (the official who resolved it)',
  'RecordHistoryEntry.changedBy': 'a caller id (the writer whose write replaced the version)',
  'LeftBehindWomanRecord.spouseWorkPlace': "a place of work (配偶务工地), not the spouse's name",
};

/** By field name; a name-like field counts when it holds text (`personId`, `keyGuardianship` do not). */
const PERSONAL: Array<{ pattern: RegExp; mask: string; stringsOnly?: true }> = [
  { pattern: /(^|[a-z])(phone|Phone|mobile|Mobile|telephone|Telephone)$/, mask: 'PHONE' },
  { pattern: /(^idNumber|IdNumber)$/, mask: 'ID_NUMBER' },
  {
    pattern: /(^name|Name|[Pp]erson|[Vv]isitor|[Aa]ssessor|[Cc]ustodian|[Tt]eacher|[Hh]elper|[Cc]ontact|[Gg]uardian|[Ss]pouse|[Dd]octor|[Oo]fficer|[Cc]adre|[Ww]orker|[Oo]wner|[Cc]aller|By|[Ii]nspector|[Rr]eviewer)/,
    mask: 'NAME',
    stringsOnly: true,
  },
];

/**
 * A String field described as a person (走访人, 考核人, 责任人, 姓名, "who …"), whatever its name.
 * It must carry `@sensitive`; the mask is NAME unless the field already declares another one
 * (残疾人证号 is a certificate number, masked as one).
 */
const DESCRIBED_AS_A_PERSON = /人|姓名|教师|医生|干部|监护|配偶|\b[Ww]ho\b|\bperson\b|\b[Cc]aller\b|\b[Ss]pouse\b/;

const schema = buildRawSchema(departments);
const access = new Map(allFieldAccess(schema).map((a) => [a.coordinate, a]));

interface Leaf {
  coordinate: string;
  field: GraphQLField<unknown, unknown>;
}

function leafFields(): Leaf[] {
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((t) => !t.name.startsWith('__'))
    .flatMap((t) => Object.values(t.getFields()).map((field) => ({ coordinate: `${t.name}.${field.name}`, field })))
    .filter(({ field }) => isLeafType(getNamedType(field.type)));
}

/** The mask a leaf field must carry when it holds personal data, by name first, then by description. */
function expectedMask({ coordinate, field }: Leaf): string | null {
  const isString = getNamedType(field.type).name === 'String';
  const byName = PERSONAL.find((p) => p.pattern.test(field.name) && (isString || !p.stringsOnly));
  if (byName) return byName.mask;
  if (isString && DESCRIBED_AS_A_PERSON.test(field.description ?? '')) return access.get(coordinate)?.sensitive?.mask ?? 'NAME';
  return null;
}

it('finds the personal fields it is meant to guard, third parties included', () => {
  const guarded = leafFields().filter((leaf) => expectedMask(leaf) !== null);
  expect(guarded.map((g) => g.coordinate)).toEqual(
    expect.arrayContaining([
      'Person.idNumber',
      'Person.name',
      'Person.phone',
      'CareTarget.responsiblePerson',
      'CareTarget.responsiblePhone',
      'CareVisit.visitor',
      'CustodyAgreement.custodianName',
      'CustodyAgreement.custodianPhone',
      'TeacherPairing.teacherName',
      'TeacherPairing.teacherPhone',
      'PostAssessment.assessor',
    ]),
  );
});

it('takes a String field described as a person for a name, whatever the field is called', () => {
  const described = (description: string) =>
    expectedMask({ coordinate: 'X.y', field: { name: 'y', description, type: schema.getType('String') } as unknown as GraphQLField<unknown, unknown> });
  expect(['Who assessed (考核人).', 'Visitor (走访人).', '联系人', 'Guardian (监护人)'].map(described)).toEqual(['NAME', 'NAME', 'NAME', 'NAME']);
  expect(['Course (培训课程).', 'School (学校).'].map(described)).toEqual([null, null]);
});

it('every field naming a person, their phone or ID number is @sensitive with the matching mask', () => {
  const unmasked: string[] = [];
  for (const leaf of leafFields()) {
    const expected = expectedMask(leaf);
    if (!expected || leaf.coordinate in NOT_A_PERSONS_NAME) continue;
    const mask = access.get(leaf.coordinate)?.sensitive?.mask;
    if (mask !== expected) unmasked.push(`${leaf.coordinate}: expected @sensitive(mask: ${expected}), found ${mask ?? 'no @sensitive'}`);
  }
  expect(unmasked).toEqual([]);
});

it('lists as not personal only fields that exist and that the rules would otherwise catch', () => {
  const caught = new Set(leafFields().filter((leaf) => expectedMask(leaf) !== null).map((f) => f.coordinate));
  expect(Object.keys(NOT_A_PERSONS_NAME).filter((c) => !caught.has(c))).toEqual([]);
});
