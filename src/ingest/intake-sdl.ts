import type { DepartmentModule } from '../contract/department-module.js';
import type { ColumnType, IntakeKind } from '../contract/intake-kind.js';
import { allColumns } from './identity-columns.js';

/**
 * Derives the intake part of the schema from the departments' declared kinds, so a department
 * gets its write API by declaring kinds only. Inputs take every value as an import cell would
 * (dates and enums as text, nullable): a bad value rejects its record, never the whole call.
 */

const GRAPHQL_TYPES: Record<ColumnType['kind'], string> = {
  text: 'String', enum: 'String', date: 'String', money: 'String', int: 'Int', bool: 'Boolean', month: 'String', region: 'String', personRef: 'String', recordRef: 'String',
};

/** `civil-affairs` → `CIVIL_AFFAIRS`, the IntakeDepartment enum value. */
export const departmentEnumValue = (code: string) => code.toUpperCase().replace(/-/g, '_');

const describe = (text: string) => JSON.stringify(text);

function columnHelp(type: ColumnType): string {
  switch (type.kind) {
    case 'enum':
      return ` One of ${Object.entries(type.values).map(([k, labels]) => (labels.length ? `${k} (${labels.join('/')})` : k)).join(', ')}.`;
    case 'date':
      return ' Date: 2024-03-01, 2024/3/1, 20240301 or an Excel serial.';
    case 'money':
      return ' Yuan, at most two decimals.';
    case 'int':
      return ` Whole number ${type.min}–${type.max}.`;
    case 'bool':
      return ' Yes/no: true/false, 是/否, 1/0.';
    case 'month':
      return ' Month: 2025-03, 2025年3月, 202503 or a date (stored as the first of the month).';
    case 'region':
      return ' 12-digit division code, must exist (REGION_NOT_FOUND otherwise).';
    case 'personRef':
      return ' ID number of a person already known to the hub (REFERENCE_NOT_FOUND otherwise).';
    case 'recordRef':
      return ` sourceRecordId of a ${type.table} record of this department (REFERENCE_NOT_FOUND otherwise).`;
    default:
      return '';
  }
}

/** Soft delete: ending records sets their end date (and ended status); history keeps the rest. */
function endSdl(kind: IntakeKind): string {
  const what = kind.end!.status ? `${kind.end!.dateField} and ${kind.end!.status.field} ${kind.end!.status.value}` : kind.end!.dateField;
  return `

extend type Mutation {
  ${describe(`Ends ${kind.title} records by sourceRecordId (at most 1,000): sets ${what} (endDate defaults to today; an earlier end stays). Nothing is deleted; recordHistory keeps the previous version.`)}
  ${kind.endMutation}(sourceRecordIds: [String!]!, endDate: Date, dryRun: Boolean = false): IntakeResult @requiresScopes(scopes: [["${kind.department}:write"]])
}`;
}

function kindSdl(kind: IntakeKind): string {
  const fields = allColumns(kind).map((c) => {
    const help = `${c.field} (${[c.zh, ...c.aliases].join(' / ')})${c.required ? ', required.' : '.'}${columnHelp(c.type)}`;
    return `  ${describe(help)}\n  ${c.field}: ${GRAPHQL_TYPES[c.type.kind]}`;
  });
  return `${describe(`${kind.title}, one record as the ${kind.department} ledger sends it.`)}
input ${kind.typeName}Intake {
${fields.join('\n')}
}

extend type Mutation {
  ${describe(`Creates or updates ${kind.title} records by sourceRecordId (at most 1,000 per call); each record's result is reported and one bad record never rejects the others. dryRun validates and reports without keeping anything.`)}
  ${kind.mutation}(records: [${kind.typeName}Intake!]!, dryRun: Boolean = false): IntakeResult @requiresScopes(scopes: [["${kind.department}:write"]])
}${kind.end ? endSdl(kind) : ''}`;
}

/** SDL of the intake API for `departments`, or '' when none declares intake kinds. */
export function intakeSdl(departments: readonly DepartmentModule[]): string {
  const writers = departments.filter((d) => d.intake && d.intake.length > 0);
  if (writers.length === 0) return '';
  const scopes = (d: DepartmentModule) => `[["${d.code}:write"], ["admin"]]`;
  const anyWriter = `[${writers.map((d) => `["${d.code}:write"]`).join(', ')}, ["admin"]]`;
  return `
"A department that writes records through intake (汇入部门)."
enum IntakeDepartment {
${writers.map((d) => `  ${departmentEnumValue(d.code)} @requiresScopes(scopes: ${scopes(d)})`).join('\n')}
}

"Which data-quality issues to list: one department's (its write scope or admin), optionally by status and person."
input DataQualityIssueFilter {
  department: IntakeDepartment!
  status: DataQualityIssueStatus
  personId: ID
}

"Resolving an issue of one department (its write scope or admin)."
input ResolveDataQualityIssueInput {
  department: IntakeDepartment!
  id: ID!
  "How it was resolved (处理说明)."
  note: String!
}

extend type Query {
  "Data-quality issues raised by intake (数据质量问题), oldest first, within the caller's region."
  dataQualityIssues(filter: DataQualityIssueFilter!, first: Int = 50, after: String): DataQualityIssueConnection @requiresScopes(scopes: ${anyWriter})
  "Earlier versions of one department record (历史版本), oldest first, by its sourceRecordId or its hub id (one of them). \`kind\` as on the import command line, e.g. \`assistance-enrolment\`."
  recordHistory(department: IntakeDepartment!, kind: String!, sourceRecordId: String, recordId: ID): [RecordHistoryEntry!] @requiresScopes(scopes: [["audit:read"]])
}

extend type Mutation {
  "Marks a data-quality issue resolved (已处理) with a note; returns it, or NOT_FOUND."
  resolveDataQualityIssue(input: ResolveDataQualityIssueInput!): DataQualityIssue @requiresScopes(scopes: ${anyWriter})
}

${writers.flatMap((d) => d.intake!.map(kindSdl)).join('\n\n')}
`;
}
