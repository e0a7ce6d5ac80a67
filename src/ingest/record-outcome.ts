/** What intake says about each record it was given: written, unchanged or refused, and why. */

/**
 * Why a record was refused: a stable code, the field at fault and a sentence for people, in
 * Chinese. Where errors are made the sentence says only what is wrong (`"1.2.3" 不是金额`); the
 * pipeline puts it in place (`第5行「金额」：…`, intake-reasons.ts) before anyone sees it.
 */
export interface RecordError {
  code: string;
  field: string | null;
  message: string;
}

export type RecordStatus = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED';

export interface RecordResult {
  rowNumber: number;
  sourceRecordId: string | null;
  status: RecordStatus;
  errors: RecordError[];
}
