import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { loadCountyFixture } from '../fixtures/county-fixture.js';
import { buildIdNumber } from '../../src/identity/id-number.js';
import { newKeyFileText } from '../../src/audit-chain/audit-keyring.js';
import { newFieldSection } from '../../src/crypto/field-key-file.js';
import { fieldEncryptionFromEnvironment } from '../../src/crypto/field-encryption.js';
import { keyIdOf } from '../../src/crypto/field-cipher.js';
import { fieldKeyIds, rotateFieldKey } from '../../src/crypto/field-key-rotation.js';
import { keyUsage, reencryptToActive, retireFieldKey, sealedTables } from '../../src/crypto/reencrypt.js';
import { FieldCryptoError } from '../../src/crypto/field-crypto-error.js';
import { encryptedColumnsOf } from '../../src/crypto/encrypted-columns.js';
import { departments } from '../../src/departments/registry.js';

/** Every encrypted column, the departments' third parties included. */
const COLUMNS = encryptedColumnsOf(departments);

/**
 * Key rotation under load (#27, docs/security.md#field-key-rotation): the hub keeps taking intake
 * over HTTP while the keys rotate and rows move to the new key; nothing is lost, every value
 * opens, no row stays on the old key, and only then may the old key be retired. The hub reads
 * its keys from a key file, as deployments do (not the tests' usual variable), so it can see the
 * rotation without a restart.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-rotation-'));
const keyFile = path.join(dir, 'keys.json');
fs.writeFileSync(keyFile, JSON.stringify({ ...JSON.parse(newKeyFileText()), fields: newFieldSection() }), { mode: 0o600 });
process.env.CAREGRAPH_KEY_FILE = keyFile;
delete process.env.CAREGRAPH_FIELD_KEYS;
delete process.env.CAREGRAPH_AUDIT_KEY;

let hub: TestHub;
let client: pg.Client;
beforeAll(async () => {
  hub = await startTestHub({ fixture: loadCountyFixture });
  client = new pg.Client({ connectionString: hub.dbUrl });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await hub?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const UPSERT = `mutation ($records: [AssistanceEnrolmentIntake!]!) {
  upsertAssistanceEnrolments(records: $records) { created rejected records { code message } }
}`;

/** A batch of enrolments of new persons (each creates a person whose ID number is sealed). */
function batch(n: number, size: number) {
  return Array.from({ length: size }, (_, i) => {
    const k = n * size + i;
    const birth = `19${50 + (k % 40)}-0${1 + (k % 9)}-1${k % 10}`;
    return {
      sourceRecordId: `ROT-${k}`, idNumber: buildIdNumber('410823', birth, 100 + Math.floor(k / 360)), name: '孙立',
      program: '低保', status: 'ACTIVE', startDate: '2024-03-01', monthlyAmount: '560',
    };
  });
}

const written: string[] = [];
async function write(n: number, size: number, headers: Record<string, string>) {
  const records = batch(n, size);
  const res = await hub.query(UPSERT, { records }, headers);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.upsertAssistanceEnrolments).toMatchObject({ created: size, rejected: 0 });
  written.push(...records.map((r) => r.idNumber));
}

const CUSTODY = `mutation ($records: [CustodyAgreementIntake!]!) { upsertCustodyAgreements(records: $records) { created updated rejected } }`;
/** A custodian's phone, first and then changed: the department row and its kept earlier version hold ciphertext under the key of the day. */
async function custody(headers: Record<string, string>, phone: string) {
  const records = [{ sourceRecordId: 'ROT-CUS-1', idNumber: written[0], name: '孙立', mode: '亲情托养', custodianName: '周守望', custodianPhone: phone, signedDate: '2024-05-01' }];
  const res = await hub.query(CUSTODY, { records }, headers);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.upsertCustodyAgreements.rejected).toBe(0);
}

it('refuses to retire a key rows still use, or the active key, with coded errors', async () => {
  const headers = await hub.as('civil-affairs');
  for (let n = 0; n < 5; n++) await write(n, 20, headers);
  await custody(headers, '13911110000');
  await custody(headers, '13911110001');
  expect(await client.query(`select previous::text from core.record_history where source_record_id = 'ROT-CUS-1'`).then((r) => r.rows[0].previous)).toMatch(/"custodian_phone": "sm4:v1:f1:/);
  expect((await keyUsage(client, COLUMNS)).rowsByKey.get('f1')).toBeGreaterThan(100);

  expect(rotateFieldKey(keyFile)).toEqual({ added: 'f2', previous: 'f1' });
  await expect(retireFieldKey(client, keyFile, 'f1', COLUMNS)).rejects.toMatchObject({ code: 'FIELD_KEY_IN_USE' });
  await expect(retireFieldKey(client, keyFile, 'f2', COLUMNS)).rejects.toMatchObject({ code: 'FIELD_KEY_ACTIVE' });
  await expect(retireFieldKey(client, keyFile, 'f9', COLUMNS)).rejects.toBeInstanceOf(FieldCryptoError);
  expect(fieldKeyIds(keyFile)).toEqual({ active: 'f2', keys: ['f1', 'f2'], retired: [] });
});

it('moves every row to the new key while intake writes, losing nothing; then retires the old key', async () => {
  const headers = await hub.as('civil-affairs');
  // Another process's view of the keys, as `npm run keys -- reencrypt` has: f2 active.
  const cipher = fieldEncryptionFromEnvironment().cipher!;
  expect(cipher.keyring.active.id).toBe('f2');

  // The hub notices the rotated file on a write at most a second after its last look: write until
  // it seals under f2, so the run below is judged on the hub that has moved (how fast the machine
  // runs must not decide whether the last writes land before or after the run's final pass).
  let n0 = 5;
  for (let tries = 0; tries < 60; tries++, n0++) {
    await write(n0, 20, headers);
    const last = written.at(-1)!;
    const [row] = (await client.query<{ id_number: string }>(`select id_number from core.person where id_number_bidx = $1`, [fieldEncryptionFromEnvironment().idNumberIndex(last)])).rows;
    if (row!.id_number.startsWith('sm4:v1:f2:')) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  let reencrypting = true;
  const writer = (async () => {
    let n = n0 + 1;
    // Writes go on for as long as the re-encryption runs, and a little after it.
    for (let after = 0; after < 3; n++) {
      await write(n, 20, headers);
      if (!reencrypting) after++;
    }
    return n - n0 - 1;
  })();
  let batches = 0;
  const result = await reencryptToActive(client, cipher, COLUMNS, { batch: 7, settledAt: Date.now() + 1500, onBatch: () => batches++ }).finally(() => (reencrypting = false));
  const requests = await writer;
  expect(requests).toBeGreaterThan(3);
  expect(batches).toBeGreaterThan(10);
  expect(result.stopped).toBe(false);

  // No row on f1 — the hub moved to f2 for its writes, and the writes after the run are on f2 too.
  const usage = await keyUsage(client, COLUMNS);
  expect(usage.rowsByKey.get('f1')).toBeUndefined();
  expect(usage.clearRows).toBe(0);
  expect(usage.rowsByKey.get('f2')).toBeGreaterThan(written.length);

  // Every encrypted value of every table opens, under f2.
  for (const t of sealedTables(COLUMNS)) {
    const rows = await client.query<Record<string, string | null>>(`select ${t.columns.join(', ')} from ${t.table}`);
    for (const row of rows.rows) {
      for (const c of t.columns) {
        const v = row[c];
        if (v == null || (t.table === 'core.key_check' && keyIdOf(v) === null)) continue;
        expect(keyIdOf(v)).toBe('f2');
        expect(() => cipher.decrypt(`${t.table}.${c}`, v)).not.toThrow();
      }
    }
  }

  // The kept earlier version of the custodian moved too, and opens under f2 to what it was.
  const [kept] = (await client.query<{ previous: Record<string, string> }>(`select previous from core.record_history where source_record_id = 'ROT-CUS-1'`)).rows;
  expect(keyIdOf(kept!.previous.custodian_phone!)).toBe('f2');
  expect(cipher.decrypt('civil_affairs.custody_agreement.custodian_phone', kept!.previous.custodian_phone!)).toBe('13911110000');
  expect(usage.byTable.find((t) => t.table === 'civil_affairs.custody_agreement')?.rowsByKey).toEqual({ f2: expect.any(Number) });

  // Every record written is there, its person found by the blind index and opening to its number.
  const enc = fieldEncryptionFromEnvironment();
  const persons = await client.query<{ id_number: string }>(`select id_number from core.person where id_number_bidx = any($1)`, [written.map((n) => enc.idNumberIndex(n))]);
  expect(persons.rows.map((r) => enc.open('core.person.id_number', r.id_number)).sort()).toEqual([...written].sort());
  const enrolments = await client.query<{ n: number }>(`select count(*)::int as n from civil_affairs.assistance_enrolment where source_record_id like 'ROT-%'`);
  expect(enrolments.rows[0]!.n).toBe(written.length);

  await retireFieldKey(client, keyFile, 'f1', COLUMNS);
  expect(fieldKeyIds(keyFile)).toEqual({ active: 'f2', keys: ['f2'], retired: ['f1'] });

  // The hub, which started with f1 active, reads and writes under the new ring without a restart.
  await write(1000, 5, headers);
  const read = await hub.query(`query ($n: String!) { personByIdNumber(idNumber: $n) { idNumber } }`, { n: written[0] });
  expect(read.body.errors).toBeUndefined();
  expect(read.body.data.personByIdNumber.idNumber).toMatch(/^410823/);
  expect((await keyUsage(client, COLUMNS)).rowsByKey.get('f1')).toBeUndefined();
});
