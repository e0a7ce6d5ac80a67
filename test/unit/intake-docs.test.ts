import fs from 'node:fs';
import { departments } from '../../src/departments/registry.js';
import { headerMappingMarkdown } from '../../src/ingest/intake-docs.js';

it('docs/intake.md documents the header mapping of every declared record kind (regenerate: npx tsx src/ingest/write-intake-docs.ts)', () => {
  const page = fs.readFileSync(new URL('../../docs/intake.md', import.meta.url), 'utf8');
  expect(page).toContain(headerMappingMarkdown(departments));
  for (const kind of departments.flatMap((d) => d.intake ?? [])) expect(page).toContain(`#### \`${kind.name}\``);
});
