import type { AuditKeyring } from './audit-keyring.js';
import { chainLink, GENESIS_LINK } from './chain-link.js';
import type { StoredRow } from './chain-rows.js';

/** What verification found wrong in a chain; only the first break of a chain is reported. */
export type FindingCode =
  | 'AUDIT_ROW_EDITED'
  | 'AUDIT_ROW_DELETED'
  | 'AUDIT_ROW_INSERTED'
  | 'AUDIT_ROW_UNCHAINED'
  | 'AUDIT_KEY_UNKNOWN'
  | 'AUDIT_CHAIN_TRUNCATED'
  | 'AUDIT_HEAD_MISMATCH'
  | 'AUDIT_HEAD_MISSING';

export interface Finding {
  code: FindingCode;
  chainId: string;
  /** The row named (the edited, inserted or first row after a gap); null for a finding about the chain's end. */
  rowId: string | null;
  seq: string | null;
  /** When the named row says it was written. */
  at: string | null;
  /** The last row proven intact before the break: the break lies between it and `at`. */
  lastIntact: { id: string; seq: string; at: string } | null;
  message: string;
  /** The chain continues intact after an edited row (its link is genuine, its content is not): false suggests a wrong key. */
  continues?: boolean;
}

export interface ChainSummary {
  chainId: string;
  rows: number;
  firstAt: string | null;
  lastAt: string | null;
  /** Last position proven intact, 0 when none. */
  intactThrough: string;
  intactLink: Buffer | null;
  finding: Finding | null;
}

/**
 * Walks one chain's rows in chain order and finds its first break. A row whose link does not
 * match is judged with the row after it: if that one follows from the previous link at the same
 * position, the row was inserted beside it; if it follows from the row's own link, the row's
 * content was edited; a gap in positions is a deletion. Rows after a break are counted, not checked.
 */
export class ChainWalk {
  private previous: Buffer = GENESIS_LINK;
  private expected = 1n;
  private lastIntact: Finding['lastIntact'] = null;
  private suspect: StoredRow | null = null;
  private finding: Finding | null = null;
  private rows = 0;
  private firstAt: string | null = null;
  private lastAt: string | null = null;
  /** Links at positions someone kept (`verify --heads`), to compare once reached. */
  readonly linkAt = new Map<string, Buffer | null>();

  constructor(
    readonly chainId: string,
    private readonly keyring: AuditKeyring,
    /** Position the chain's head in the database names; a failing row past it was added behind the writers' back. */
    private readonly headSeq: string | null = null,
    watchPositions: readonly string[] = [],
  ) {
    for (const seq of watchPositions) this.linkAt.set(seq, null);
  }

  push(row: StoredRow): void {
    this.rows += 1;
    this.firstAt ??= row.at;
    this.lastAt = row.at;
    if (this.finding) return;
    if (this.suspect) return this.judge(this.suspect, row);
    if (row.seq === null) return this.fail('AUDIT_ROW_INSERTED', row, 'names this chain but has no position in it');
    const seq = BigInt(row.seq);
    if (seq < this.expected) return this.fail('AUDIT_ROW_INSERTED', row, `repeats position ${row.seq}, which an intact row holds`);
    if (seq > this.expected) {
      const missing = seq - 1n === this.expected ? `position ${this.expected}` : `positions ${this.expected}–${seq - 1n}`;
      return this.fail('AUDIT_ROW_DELETED', row, `${missing} missing before it (row deleted)`);
    }
    if (row.keyId === null || !this.keyring.byId.has(row.keyId)) {
      return this.fail('AUDIT_KEY_UNKNOWN', row, `is linked with key "${row.keyId}", which ${this.keyring.source} does not hold`);
    }
    if (this.verifies(this.previous, row)) return this.accept(row);
    this.suspect = row;
  }

  /** The chain's summary once every row was pushed. */
  end(): ChainSummary {
    const suspect = this.suspect;
    if (suspect && !this.finding) {
      if (this.headSeq !== null && BigInt(suspect.seq!) > BigInt(this.headSeq)) this.fail('AUDIT_ROW_INSERTED', suspect, `does not match its link and lies past the chain's head (position ${this.headSeq}): appended by hand`);
      else this.failEdited(suspect, false, 'and it is the last row');
    }
    return {
      chainId: this.chainId,
      rows: this.rows,
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      intactThrough: (this.expected - 1n).toString(),
      intactLink: this.expected === 1n ? null : this.previous,
      finding: this.finding,
    };
  }

  private judge(suspect: StoredRow, next: StoredRow): void {
    if (next.seq === suspect.seq && this.verifies(this.previous, next)) {
      return this.fail('AUDIT_ROW_INSERTED', suspect, `does not match its link; row ${next.id} holds position ${suspect.seq} intact (forged row)`);
    }
    if (next.seq !== null && BigInt(next.seq) === BigInt(suspect.seq!) + 1n && suspect.link && this.verifies(suspect.link, next)) {
      return this.failEdited(suspect, true, 'the chain continues from its link, so its content was changed');
    }
    this.failEdited(suspect, false, 'nor does the row after it follow from it (edited or replaced, or the key is wrong)');
  }

  private failEdited(row: StoredRow, continues: boolean, why: string): void {
    this.fail('AUDIT_ROW_EDITED', row, `its content does not match its link; ${why}`);
    this.finding!.continues = continues;
  }

  private verifies(previous: Buffer, row: StoredRow): boolean {
    const key = row.keyId === null ? undefined : this.keyring.byId.get(row.keyId);
    if (!key || !row.link || row.seq === null) return false;
    const link = chainLink(key, previous, { ...row, chainId: this.chainId, seq: row.seq, keyId: row.keyId! });
    return link.equals(row.link);
  }

  private accept(row: StoredRow): void {
    this.previous = row.link!;
    this.lastIntact = { id: row.id, seq: row.seq!, at: row.at };
    if (this.linkAt.has(row.seq!)) this.linkAt.set(row.seq!, row.link);
    this.expected += 1n;
  }

  private fail(code: FindingCode, row: StoredRow, what: string): void {
    this.suspect = null;
    this.finding = { code, chainId: this.chainId, rowId: row.id, seq: row.seq, at: row.at, lastIntact: this.lastIntact, message: `row ${row.id}: ${what}` };
  }
}
