import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of the project's `schema/` folder: the core contracts (core, reports, monitoring, …). */
export const schemaDir = fileURLToPath(new URL('../../schema/', import.meta.url));
/** Absolute path of `src/departments/`: each department keeps its SDL in `<code>/schema.graphql`. */
export const departmentsDir = fileURLToPath(new URL('./', import.meta.url));

/**
 * Reads the SDL contract named `name`: a department's own `src/departments/<name>/schema.graphql`
 * when it has one (a department is one folder), else `schema/<name>.graphql`.
 */
export function loadSdl(name: string): string {
  const own = `${departmentsDir}${name}/schema.graphql`;
  return fs.readFileSync(fs.existsSync(own) ? own : `${schemaDir}${name}.graphql`, 'utf8');
}

/** Every SDL file of the project, relative to the project root: `schema/*.graphql`, then each department's. */
export function sdlFiles(root: string): string[] {
  const core = fs.readdirSync(`${root}/schema`).filter((f) => f.endsWith('.graphql')).map((f) => `schema/${f}`);
  const departments = fs
    .readdirSync(`${root}/src/departments`, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(`${root}/src/departments/${d.name}/schema.graphql`))
    .map((d) => `src/departments/${d.name}/schema.graphql`);
  return [...core, ...departments.sort()];
}
