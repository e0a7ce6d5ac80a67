/**
 * Import files of `npm run bench:soak`: care-visit CSVs whose rows are all new to the hub (their
 * source record ids carry a prefix, so the database can count what one file has committed), and
 * their upload to the hub's HTTP import route.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import { buildIdNumber } from '../src/identity/id-number.js';

const KINDS = ['电话问候', '上门走访', '微心愿', '物资帮扶'];

/** Writes `rows` care visits with source record ids `<prefix>-<n>`: five visits per person, persons of the demo county. */
export async function writeCareVisitCsv(file: string, prefix: string, rows: number, personOffset: number): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write('\uFEFF来源记录号,身份证号,姓名,走访类型,走访日期,走访人,备注\n');
  for (let i = 0; i < rows; i++) {
    const p = personOffset + Math.floor(i / 5);
    const birth = `${1940 + (p % 70)}-${String(1 + (p % 12)).padStart(2, '0')}-${String(1 + (p % 28)).padStart(2, '0')}`;
    const line = `${prefix}-${i},${buildIdNumber('410823', birth, p % 997)},测试${p % 1000},${KINDS[i % 4]},2025/${1 + (i % 12)}/${1 + (i % 28)},干部${i % 50},"第${i}次,回访"\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

/** The multipart request the import route expects (what `curl -F file=@…` sends). */
export function uploadInit(file: string, key: string): RequestInit {
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(file)]), 'care-visits.csv');
  return { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } };
}
