/** Where a department record came from, as exposed by `Provenance`. */
export interface ProvenanceValue {
  department: string;
  sourceRecordId: string;
  sourceUpdatedAt: string | null;
  ingestedAt: string;
  ingestedBy: string | null;
  updatedAt: string;
  version: number;
}

/** A department record as read for the API: camelCase columns plus its provenance. */
export interface RecordRow {
  id: string;
  provenance: ProvenanceValue;
  [column: string]: unknown;
}

const camelCache = new Map<string, string>();

function camel(column: string): string {
  let name = camelCache.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    camelCache.set(column, name);
  }
  return name;
}

/** Turns one `json_agg` element (snake_case columns) into a {@link RecordRow}. */
export function toRecordRow(raw: Record<string, unknown>): RecordRow {
  const row: Record<string, unknown> = {};
  for (const key in raw) row[camel(key)] = raw[key];
  row.id = String(raw.id);
  row.provenance = {
    department: raw.source_department,
    sourceRecordId: raw.source_record_id,
    sourceUpdatedAt: raw.source_updated_at ?? null,
    ingestedAt: raw.created_at,
    ingestedBy: raw.ingested_by ?? null,
    updatedAt: raw.updated_at,
    version: raw.version,
  };
  return row as RecordRow;
}
