import fs from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import config from '../../codegen.js';

/**
 * Fails when the committed generated files differ from what `npm run codegen` would write now,
 * so a schema change can never land without its regenerated types. Writes nothing.
 */
const outputs = await generate({ ...config, silent: true }, false);
const stale = outputs.filter((o: { filename: string; content: string }) => {
  const current = fs.existsSync(o.filename) ? fs.readFileSync(o.filename, 'utf8') : null;
  return current !== o.content;
});
if (stale.length > 0) {
  console.error(`Generated code is stale: ${stale.map((o: { filename: string }) => o.filename).join(', ')}. Run \`npm run codegen\` and commit the result.`);
  process.exit(1);
}
console.log(`Generated code is up to date (${outputs.length} file(s)).`);
