/**
 * Writes `samples/<department>/<kind>.csv` (one .xlsx, one GBK .csv) for every intake kind from
 * the demo-data generator: the same persons and records `npm start` seeds (seed 1, 武陟县
 * 410823, 20,000 persons), so importing a sample into the demo hub reports every row UNCHANGED,
 * and into an empty hub creates it. Run: `npx tsx src/ingest/samples/write-samples.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { generateDataset, collectRows } from '../../seed/dataset.js';
import { countyPlaces } from '../../seed/places.js';
import { readProvinceDivisions } from '../../identity/regions.js';
import { departments } from '../../departments/registry.js';
import type { IntakeColumn, IntakeKind } from '../../contract/intake-kind.js';
import { allColumns } from '../identity-columns.js';
import { CHINA_OFFSET_MS, parseDateTime } from '../china-time.js';
import type { CopyValue } from '../../contract/seed-table.js';

const ROWS_PER_KIND = 20;
const samplesDir = fileURLToPath(new URL('../../../samples/', import.meta.url));
/** The kinds written in the other formats ledgers arrive in. */
export const SAMPLE_FORMATS: Record<string, 'xlsx' | 'gbk'> = { 'civil-affairs/assistance-enrolment': 'xlsx', 'civil-affairs/care-visit': 'gbk' };

const dataset = generateDataset({ persons: 20_000, seed: 1, places: countyPlaces(readProvinceDivisions('41'), '410823') });
const rowsOf = (table: string) => {
  const spec = dataset.tables.find((t) => t.table === table)!;
  return collectRows(dataset, table).map((row) => Object.fromEntries(spec.columns.map((c, i) => [c, row[i]])) as Record<string, CopyValue>);
};
const households = new Map(rowsOf('core.household').map((h) => [String(h.id), h]));
const persons = new Map(rowsOf('core.person').map((p) => [String(p.id), p]));

/** sourceRecordId by hub id of a referenced table's rows, read once per table. */
const sourceIds = new Map<string, Map<string, string>>();
function sourceRecordIdOf(table: string, id: CopyValue): string {
  if (!sourceIds.has(table)) sourceIds.set(table, new Map(rowsOf(table).map((r) => [String(r.id), String(r.source_record_id)])));
  return sourceIds.get(table)!.get(String(id))!;
}

/** A cell as a clerk's ledger shows it: Chinese enum labels, 是/否, dates without time, references by their ledger keys. */
function cell(kind: IntakeKind, column: IntakeColumn, value: CopyValue): string {
  if (value === null || value === undefined) return '';
  switch (column.type.kind) {
    case 'enum':
      return column.type.values[String(value)]?.[0] ?? String(value);
    case 'bool':
      return value === true || value === 't' ? '是' : '否';
    case 'month':
      return String(value).slice(0, 7);
    case 'personRef':
      return String(persons.get(String(value))!.id_number);
    case 'recordRef':
      return sourceRecordIdOf(`${kind.dbSchema}.${column.type.table}`, value);
    default:
      return String(value);
  }
}

/**
 * The instant the hub holds, to the second and with its offset (`2025-12-10 08:22:36+08:00`): a
 * sample cut to its day would read as an older version than the demo hub's and be refused STALE.
 */
function sourceTimestamp(seeded: string): string {
  const m = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})([+-]\d{2})(?::?(\d{2}))?$/.exec(seeded);
  if (!m) throw new Error(`unexpected source_updated_at "${seeded}" from the generator`);
  return `${m[1]}${m[2]}:${m[3] ?? '00'}`;
}

function sampleRows(kind: IntakeKind, householdsInSamples: Set<string>): string[][] {
  let rows = rowsOf(`${kind.dbSchema}.${kind.table}`);
  if (kind.owner === 'household') rows = rows.filter((r) => householdsInSamples.has(String(r.household_id)));
  return rows.slice(0, ROWS_PER_KIND).map((r) => {
    const person = kind.owner === 'person' ? persons.get(String(r.person_id))! : null;
    const household = households.get(String(person ? person.household_id : r.household_id));
    if (person?.household_id != null) householdsInSamples.add(String(person.household_id));
    const identity: Record<string, CopyValue> = {
      sourceRecordId: r.source_record_id,
      idNumber: person?.id_number,
      name: person?.name,
      sex: person?.gender,
      birthDate: person?.birth_date,
      householdNumber: household?.household_number,
      relationToHead: person?.relation_to_head,
      sourceUpdatedAt: typeof r.source_updated_at === 'string' ? sourceTimestamp(r.source_updated_at) : null,
    };
    return allColumns(kind).map((c) => cell(kind, c, c.field in identity ? identity[c.field] : r[c.column]));
  });
}

async function writeSample(kind: IntakeKind, rows: string[][]): Promise<string> {
  const header = allColumns(kind).map((c) => c.zh);
  const dir = path.join(samplesDir, kind.department);
  fs.mkdirSync(dir, { recursive: true });
  const format = SAMPLE_FORMATS[`${kind.department}/${kind.name}`];
  if (format === 'xlsx') {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(kind.title);
    ws.addRow(header);
    const columns = allColumns(kind);
    const dateColumns = columns.map((c, i) => (c.type.kind === 'date' && c.field !== 'sourceUpdatedAt' ? i : -1)).filter((i) => i >= 0);
    const stampColumn = columns.findIndex((c) => c.field === 'sourceUpdatedAt');
    const cellOf = (v: string, i: number) => {
      if (!v) return v;
      // Real date and date-time cells, as Excel keeps them: no zone, the wall clock in China time
      // (ExcelJS writes a Date's UTC fields), which is how intake reads a zone-less time back.
      if (dateColumns.includes(i)) return new Date(`${v}T00:00:00Z`);
      if (i === stampColumn) return new Date(Date.parse(parseDateTime(v)) + CHINA_OFFSET_MS);
      return v;
    };
    for (const row of rows) ws.addRow(row.map(cellOf));
    for (const i of dateColumns) ws.getColumn(i + 1).numFmt = 'yyyy-mm-dd';
    ws.getColumn(stampColumn + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    const file = path.join(dir, `${kind.name}.xlsx`);
    await wb.xlsx.writeFile(file);
    return file;
  }
  const text = stringify([header, ...rows], { record_delimiter: '\r\n' });
  const file = path.join(dir, `${kind.name}.csv`);
  fs.writeFileSync(file, format === 'gbk' ? iconv.encode(text, 'gbk') : '\uFEFF' + text);
  return file;
}

const householdsInSamples = new Set<string>();
const kinds = departments.flatMap((d) => d.intake ?? []);
// Person kinds first: household records are drawn from households the person samples name.
for (const kind of [...kinds.filter((k) => k.owner === 'person'), ...kinds.filter((k) => k.owner === 'household')]) {
  const rows = sampleRows(kind, householdsInSamples);
  console.log(`${path.relative(process.cwd(), await writeSample(kind, rows))}: ${rows.length} rows`);
}
