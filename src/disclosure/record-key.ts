/**
 * Record keys of the cell key method (ABS TableBuilder): every record gets a pseudo-random key,
 * and a cell's key is the sum of its contributors' keys. The same set of records always has the
 * same cell key — so the same perturbation, however the query that produced it was phrased —
 * while two different sets have unrelated keys.
 *
 * A key is a keyed hash of the row id under the database's secret seed (`core.disclosure_key`,
 * drawn once at migration): nothing is stored per row, every table's rows have one, and an
 * analyst who cannot read the seed cannot predict a key. `hashint8extended` is PostgreSQL's
 * seeded 64-bit hash (the one hash partitioning uses): fast enough to key a million persons inside
 * a report statement, not a cryptographic MAC — the seed is the secret.
 */

/** Cell keys are taken modulo 2^31: record keys are 31-bit, so a sum over a province fits a bigint. */
export const CELL_KEY_MODULUS = 2 ** 31;

/** SQL for the record key (an int in [0, 2^31)) of the row whose bigint id is `idExpression`. */
export function recordKeySql(idExpression: string): string {
  return `(hashint8extended(${idExpression}, (select k.seed from core.disclosure_key k)) & 2147483647)::int`;
}

/** SQL aggregate: the cell key of the rows aggregated (sum of record keys; 0 for no rows), optionally of those matching `filter`. */
export function cellKeySql(recordKeyExpression: string, filter?: string): string {
  return `coalesce(sum(${recordKeyExpression})${filter ? ` filter (where ${filter})` : ''}, 0)`;
}
