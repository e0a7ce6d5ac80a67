import fs from 'node:fs';
import path from 'node:path';
import { newFieldSection } from '../../src/crypto/field-key-file.js';
import { writePrivateFile } from '../../src/db/private-file.js';

/**
 * Benchmark datasets are built once and reused (reusable-dataset.ts), encrypted with the field
 * keys they were built with: those keys are kept beside them in `bench/.data/field-keys.json`
 * (made on first use, 0600) and given to every hub — in-process or spawned — through
 * CAREGRAPH_FIELD_KEYS, unless the operator gave keys. CAREGRAPH_FIELD_ENCRYPTION=off measures
 * the hub without SM4 (docs/security.md: benchmarks only).
 */
if (!process.env.CAREGRAPH_FIELD_KEYS && !process.env.CAREGRAPH_KEY_FILE) {
  const file = path.resolve('bench/.data/field-keys.json');
  if (!fs.existsSync(file)) writePrivateFile(file, `${JSON.stringify(newFieldSection('bench1'), null, 2)}\n`);
  process.env.CAREGRAPH_FIELD_KEYS = fs.readFileSync(file, 'utf8');
}
