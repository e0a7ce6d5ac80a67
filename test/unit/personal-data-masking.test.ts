import { getNamedType, isLeafType, isObjectType, type GraphQLField } from 'graphql';
import { buildRawSchema } from '../../src/server/schema.js';
import { departments } from '../../src/departments/registry.js';
import { allFieldAccess } from '../../src/auth/access-plan.js';

/**
 * Every phone, ID number and name of a person — the subject's or a third party's (a care
 * target's responsible person, a custodian, a paired teacher) — is personal data and carries
 * `@sensitive` with the matching mask. A new field named like one fails here until it is masked
 * or listed below as not naming a person, with the reason: that list is reviewed like the policy.
 */
const NOT_A_PERSONS_NAME: Record<string, string> = {
  'Region.name': 'an administrative division (行政区划名称)',
  'HealthCondition.name': 'a disease (疾病名称)',
  'SavedReport.name': "a report's title, chosen by its owner",
  'MonitoringParameter.name': 'a rule parameter',
  'AuditEvent.callerName': 'the partner system or official who read the data: auditors must see it in clear',
  'AuditEvent.operationName': "the client's GraphQL operation name",
};

const PERSONAL: Array<{ pattern: RegExp; mask: string }> = [
  { pattern: /(^|[a-z])(phone|Phone|mobile|Mobile|telephone|Telephone)$/, mask: 'PHONE' },
  { pattern: /(^idNumber|IdNumber)$/, mask: 'ID_NUMBER' },
  { pattern: /(^name|Name|Person)$/, mask: 'NAME' },
];

const schema = buildRawSchema(departments);
const access = new Map(allFieldAccess(schema).map((a) => [a.coordinate, a]));

function leafFields(): Array<{ coordinate: string; field: GraphQLField<unknown, unknown> }> {
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((t) => !t.name.startsWith('__'))
    .flatMap((t) => Object.values(t.getFields()).map((field) => ({ coordinate: `${t.name}.${field.name}`, field })))
    .filter(({ field }) => isLeafType(getNamedType(field.type)));
}

it('finds the personal fields it is meant to guard, third parties included', () => {
  const guarded = leafFields().filter(({ field }) => PERSONAL.some((p) => p.pattern.test(field.name)));
  expect(guarded.map((g) => g.coordinate)).toEqual(
    expect.arrayContaining([
      'Person.idNumber',
      'Person.name',
      'Person.phone',
      'CareTarget.responsiblePerson',
      'CareTarget.responsiblePhone',
      'CustodyAgreement.custodianName',
      'CustodyAgreement.custodianPhone',
      'TeacherPairing.teacherName',
      'TeacherPairing.teacherPhone',
    ]),
  );
});

it('every field naming a person, their phone or ID number is @sensitive with the matching mask', () => {
  const unmasked: string[] = [];
  for (const { coordinate, field } of leafFields()) {
    const rule = PERSONAL.find((p) => p.pattern.test(field.name));
    if (!rule || coordinate in NOT_A_PERSONS_NAME) continue;
    const mask = access.get(coordinate)?.sensitive?.mask;
    if (mask !== rule.mask) unmasked.push(`${coordinate}: expected @sensitive(mask: ${rule.mask}), found ${mask ?? 'no @sensitive'}`);
  }
  expect(unmasked).toEqual([]);
});

it('lists as not personal only fields that exist', () => {
  const existing = new Set(leafFields().map((f) => f.coordinate));
  expect(Object.keys(NOT_A_PERSONS_NAME).filter((c) => !existing.has(c))).toEqual([]);
});
