import type { DepartmentModule } from '../contract/department-module.js';
import type { ColumnType } from '../contract/intake-kind.js';
import { allColumns } from './identity-columns.js';

function typeText(type: ColumnType): string {
  switch (type.kind) {
    case 'text':
      return `text ≤ ${type.maxLength}`;
    case 'enum':
      return Object.entries(type.values).map(([k, labels]) => (labels.length ? `\`${k}\` ${labels.join('/')}` : `\`${k}\``)).join(', ');
    case 'date':
      return 'date';
    case 'money':
      return 'yuan';
    case 'int':
      return `integer ${type.min}–${type.max}`;
    case 'bool':
      return 'yes/no';
    case 'month':
      return 'month (2025-03, 2025年3月, a date)';
    case 'region':
      return 'division code, 12 digits, known';
    case 'personRef':
      return 'ID number of a known person';
    case 'recordRef':
      return `sourceRecordId of a \`${type.table}\` record`;
  }
}

/**
 * The header mapping tables of docs/intake.md, generated from the declared kinds (a unit test
 * fails when the committed page is stale; regenerate with `npx tsx src/ingest/write-intake-docs.ts`).
 */
export function headerMappingMarkdown(departments: readonly DepartmentModule[]): string {
  const out: string[] = [];
  for (const d of departments.filter((x) => x.intake?.length)) {
    out.push(`### ${d.code}`, '');
    for (const kind of d.intake!) {
      out.push(
        `#### \`${kind.name}\` — ${kind.title}`,
        '',
        `Table \`${kind.dbSchema}.${kind.table}\`; GraphQL \`${kind.mutation}(records: [${kind.typeName}Intake!]!)\`${kind.endMutation ? `, ended with \`${kind.endMutation}(sourceRecordIds:)\`` : ''}; \`npm run import -- --department ${d.code} --kind ${kind.name} --file F\`.`,
        '',
        '| Chinese header (aliases) | English header | required | value |',
        '|---|---|---|---|',
        ...allColumns(kind).map((c) => `| ${[c.zh, ...c.aliases].join(' / ')} | \`${c.field}\` | ${c.required ? 'yes' : ''} | ${c.field === 'idNumber' ? 'ID number, 15 or 18 digits' : typeText(c.type)} |`),
        '',
      );
    }
  }
  return out.join('\n');
}
