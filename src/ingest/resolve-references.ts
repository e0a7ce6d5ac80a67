import type pg from 'pg';
import { isReference, type IntakeColumn, type IntakeKind, type ReferenceType } from '../contract/intake-kind.js';
import type { ValidRecord } from './validate-row.js';
import type { RecordError, RecordResult } from './record-outcome.js';
import type { RowScope } from '../auth/row-scope.js';
import { fieldEncryption } from '../crypto/field-encryption.js';


/**
 * Resolves the reference columns of one batch (`personRef`, `recordRef`, `region`), one
 * statement per column, before anything is written: ID numbers and sourceRecordIds become hub ids,
 * division codes are checked against `core.region`. A record naming something unknown — or, for a
 * writer confined to a region, something outside it, which does not exist for that writer — is
 * rejected with the field at fault; its neighbours are not affected.
 */

const quote = (ident: string) => `"${ident.replaceAll('"', '""')}"`;

/** Region of a person: their household's, else the county of their ID number (kept beside the encrypted number). */
const personRegion = (personId: string) =>
  `(select coalesce(rh.region_code, rp.id_number_county || '000000') from core.person rp left join core.household rh on rh.id = rp.household_id where rp.id = ${personId})`;

interface Target {
  /** Hub id to store (the code itself for regions). */
  id: string;
  region: string | null;
}

/** What each distinct value of one reference column names, keyed by the value as validated. */
async function lookUp(client: pg.ClientBase, kind: IntakeKind, type: ReferenceType, values: string[]): Promise<Map<string, Target>> {
  let rows: Array<{ key: string; id: string; region: string | null }>;
  if (type.kind === 'region') {
    ({ rows } = await client.query(`select code as key, code as id, code as region from core.region where code = any($1::text[])`, [values]));
  } else if (type.kind === 'personRef') {
    // ID numbers are stored encrypted: found by their blind indexes, keyed back to the numbers as given.
    const encryption = fieldEncryption();
    const numberOf = new Map(values.map((v) => [encryption.idNumberIndex(v), v]));
    ({ rows } = await client.query(`select p.id_number_bidx as key, p.id::text as id, ${personRegion('p.id')} as region from core.person p where p.id_number_bidx = any($1::text[])`, [[...numberOf.keys()]]));
    rows = rows.map((r) => ({ ...r, key: numberOf.get(r.key)! }));
  } else {
    // A department table is owned by a person or a household; read whichever owner column it has.
    const owner = `to_jsonb(t)`;
    ({ rows } = await client.query(
      `select t.source_record_id as key, t.id::text as id,
              coalesce(${personRegion(`(${owner}->>'person_id')::bigint`)},
                       (select h.region_code from core.household h where h.id = (${owner}->>'household_id')::bigint)) as region
         from ${quote(kind.dbSchema)}.${quote(type.table)} t where t.source_record_id = any($1::text[])`,
      [values],
    ));
  }
  return new Map(rows.map((r) => [r.key, { id: r.id, region: r.region }]));
}

function notFound(column: IntakeColumn, type: ReferenceType, value: string): RecordError {
  const what =
    type.kind === 'region'
      ? `系统中没有代码为 ${value} 的行政区划 — 请核对区划代码`
      : type.kind === 'personRef'
        ? `系统中没有身份证号为 ${value} 的人员 — 被引用的人须已在系统中，请先导入其本人的记录`
        : `没有编号为 "${value}" 的${type.table}记录 — 请核对编号，或先导入该记录`;
  return { code: type.kind === 'region' ? 'REGION_NOT_FOUND' : 'REFERENCE_NOT_FOUND', field: column.field, message: what };
}

export async function resolveReferences(
  client: pg.ClientBase,
  kind: IntakeKind,
  records: readonly ValidRecord[],
  rows: RowScope,
): Promise<{ resolved: ValidRecord[]; rejected: RecordResult[] }> {
  const refs = kind.columns.flatMap((column, index) => (isReference(column.type) ? [{ column, index, type: column.type }] : []));
  if (refs.length === 0) return { resolved: [...records], rejected: [] };
  const values = records.map((r) => [...r.values]);
  const errors = records.map((): RecordError[] => []);
  for (const { column, index, type } of refs) {
    const distinct = [...new Set(records.flatMap((r) => (typeof r.values[index] === 'string' ? [r.values[index]] : [])))];
    if (distinct.length === 0) continue;
    const found = await lookUp(client, kind, type, distinct);
    records.forEach((r, i) => {
      const value = r.values[index];
      if (typeof value !== 'string') return;
      const target = found.get(value);
      const inRegion = rows.includes(target?.region);
      if (target && inRegion) values[i]![index] = target.id;
      else if (target && type.kind === 'region') {
        errors[i]!.push({ code: 'OUT_OF_REGION', field: column.field, message: `${value} 不在您的管辖区域（${rows.boundPrefix}）内` });
      } else errors[i]!.push(notFound(column, type, value)); // outside the writer's region: does not exist for it
    });
  }
  const resolved: ValidRecord[] = [];
  const rejected: RecordResult[] = [];
  records.forEach((r, i) => {
    if (errors[i]!.length === 0) resolved.push({ ...r, values: values[i]! });
    else rejected.push({ rowNumber: r.rowNumber, sourceRecordId: r.sourceRecordId, status: 'REJECTED', errors: errors[i]! });
  });
  return { resolved, rejected };
}
