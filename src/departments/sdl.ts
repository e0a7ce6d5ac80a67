import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of the project's `schema/` folder. */
export const schemaDir = fileURLToPath(new URL('../../schema/', import.meta.url));

/** Reads `schema/<name>.graphql`, the SDL contract of the core or one department. */
export function loadSdl(name: string): string {
  return fs.readFileSync(`${schemaDir}${name}.graphql`, 'utf8');
}
