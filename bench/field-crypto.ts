/**
 * `npx tsx bench/field-crypto.ts`: what field encryption costs per value on this machine — sealing,
 * opening a value for the first time (HMAC-SM3 check, then SM4-CTR), and opening one the process
 * opened before (src/crypto/field-encryption.ts keeps ~20,000). Prints microseconds per value.
 */
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { FieldEncryption } from '../src/crypto/field-encryption.js';
import { newFieldSection, parseFieldSection } from '../src/crypto/field-key-file.js';

const COLUMN = 'core.person.address';
const N = Number(process.env.N ?? 10_000);
const values = Array.from({ length: N }, (_, i) => `河南省焦作市武陟县木城镇东关村${i}号`);
const time = (fn: () => void) => {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1000 / N;
};
for (let round = 1; round <= 3; round++) {
  const fe = new FieldEncryption('on', new FieldCipher(parseFieldSection(newFieldSection(), 'bench')));
  let sealed: string[] = [];
  const seal = time(() => (sealed = values.map((v) => fe.seal(COLUMN, v)!)));
  const first = time(() => sealed.forEach((v) => fe.open(COLUMN, v)));
  const again = time(() => sealed.forEach((v) => fe.open(COLUMN, v)));
  console.log(`round ${round}: seal ${seal.toFixed(2)} µs, open first time ${first.toFixed(2)} µs, open again ${again.toFixed(2)} µs per value (${N.toLocaleString('en')} addresses)`);
}
