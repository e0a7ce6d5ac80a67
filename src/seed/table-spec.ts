/** Helpers for declaring the demo-data tables (`TableSpec`, src/contract/seed-table.ts). */
import type { CopyRow, TableSpec } from '../contract/seed-table.js';
import type { IntakeKind } from '../contract/intake-kind.js';
import { formatTimestamp, REFERENCE_DAY } from './dates.js';
import { Rng } from './prng.js';
import type { World } from './world-types.js';

/** Columns every department record starts with (the rest of provenance has defaults). */
export const RECORD_COLUMNS = ['id', 'person_id', 'source_record_id', 'source_updated_at'] as const;

/** A record kind's table, qualified: `hrss.post`. */
export const recordTableName = (kind: Pick<IntakeKind, 'dbSchema' | 'table'>): string => `${kind.dbSchema}.${kind.table}`;

/**
 * The columns of a record kind's demo table, read off its intake declaration: the record columns
 * (id, owner, source record id, source updated-at), then the kind's own columns in declared
 * order. A column is declared once, in the intake kind; the seed renders its rows in that order.
 */
export function recordTableColumns(kind: Pick<IntakeKind, 'owner' | 'columns'>): string[] {
  const [id, , ...provenance] = RECORD_COLUMNS;
  return [id, `${kind.owner}_id`, ...provenance, ...kind.columns.map((c) => c.column)];
}

/** `defineTable` for a record kind: table name and columns from its intake declaration. */
export function recordTable(world: World, kind: IntakeKind, render: (rng: Rng) => Iterable<CopyRow>): TableSpec {
  return defineTable(world, recordTableName(kind), recordTableColumns(kind), render);
}

/**
 * Declares a table whose rows come from a generator taking a fresh PRNG stream named after the
 * table (derived from the world's seed).
 */
export function defineTable(world: World, table: string, columns: readonly string[], render: (rng: Rng) => Iterable<CopyRow>): TableSpec {
  return { table, columns, rows: () => render(tableRng(world, table)) };
}

/** The PRNG stream a table's rows are drawn from (fresh on every call). */
export function tableRng(world: World, table: string): Rng {
  return new Rng(world.seed).fork(`table:${table}`);
}

/** A department's own key, e.g. `CA-ENR-000123` (prefix plus a zero-padded counter). */
export function sourceRecordId(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

/** When the department last touched the record: a few days to weeks after the event, in office hours. */
export function sourceUpdatedAt(rng: Rng, eventDay: number): string {
  const day = Math.min(REFERENCE_DAY - 1, eventDay + rng.int(0, 45));
  return formatTimestamp(day, rng.int(8 * 3600, 18 * 3600));
}

/** Fen as a numeric(12,2) literal: 12345 → '123.45'. */
export function money(fen: number): string {
  const f = Math.round(fen);
  const sign = f < 0 ? '-' : '';
  const abs = Math.abs(f);
  const cents = abs % 100;
  return `${sign}${Math.floor(abs / 100)}.${cents < 10 ? '0' : ''}${cents}`;
}

/** Yuan (possibly fractional) as fen. */
export function fen(yuan: number): number {
  return Math.round(yuan * 100);
}
