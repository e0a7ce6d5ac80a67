import type pg from 'pg';

/**
 * The in-place conversion's mark (src/crypto/encrypt-in-place.ts): the catalogue of encrypted
 * columns it last sealed to the end, kept in `core.key_check` beside the key canaries. A start
 * whose catalogue is the marked one skips the conversion's scans — every table with an encrypted
 * column and `core.record_history`, millions of rows at 1M persons, on every start of every hub,
 * subgraph and command — since with encryption on no process writes those columns in clear. A
 * department adding an encrypted column changes the catalogue, and the next start scans again.
 *
 * What the scans would still find — values written past the hub with SQL — `npm run keys --
 * status` counts, and forgets the mark so that the next start seals them; a process started with
 * encryption off forgets it too, since it writes in clear.
 *
 * The mark is the catalogue itself, not a hash: an operator reads in the row which columns were
 * sealed. It is never an `sm4:` value, so key rotation, which moves the canaries, leaves it alone.
 */
const PURPOSE = 'converted-catalogue';
/** Bumped when the conversion comes to seal more than the catalogue's columns: every database is scanned again. */
const FORMAT = 'v1';

const markOf = (columns: ReadonlySet<string>): string => `${FORMAT} ${[...columns].sort().join(' ')}`;

/** Whether the last complete conversion sealed exactly `columns`. */
export async function isConverted(client: pg.ClientBase, columns: ReadonlySet<string>): Promise<boolean> {
  const { rows } = await client.query<{ value: string }>(`select value from core.key_check where purpose = $1`, [PURPOSE]);
  return rows[0]?.value === markOf(columns);
}

/** Marks `columns` as sealed to the end (after a complete conversion). */
export async function markConverted(client: pg.ClientBase, columns: ReadonlySet<string>): Promise<void> {
  await client.query(`insert into core.key_check (purpose, value) values ($1, $2) on conflict (purpose) do update set value = excluded.value, created_at = now()`, [PURPOSE, markOf(columns)]);
}

/** Clear values may be there: the next start with encryption on scans again. */
export async function forgetConverted(client: pg.ClientBase): Promise<void> {
  await client.query(`delete from core.key_check where purpose = $1`, [PURPOSE]);
}
