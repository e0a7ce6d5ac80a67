/** One value in a bulk-loaded row (COPY text format): `null`/`undefined` load as NULL. */
export type CopyValue = string | number | boolean | null | undefined;
export type CopyRow = readonly CopyValue[];

/**
 * A table the demo-data generator fills: its columns and a row iterator rendered from the world.
 * Calling `rows()` twice yields the same rows (each call restarts the table's own PRNG stream), so
 * the same spec serves both the COPY loader and in-memory tests.
 */
export interface TableSpec {
  /** Qualified name, e.g. `civil_affairs.care_visit`. */
  table: string;
  columns: readonly string[];
  rows(): Iterable<CopyRow>;
}

/**
 * The demo county's shared facts (persons, households, places, the PRNG seed) that department
 * seeds render their rows from. Declared empty here and filled in by `src/seed/world-types.ts`
 * through declaration merging, so this floor names the world without importing the generator
 * (whose world still carries the original departments' facts).
 */
export interface SeedWorld {}
