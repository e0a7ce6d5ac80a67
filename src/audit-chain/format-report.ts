import type { ChainSummary, Finding } from './chain-walk.js';
import type { VerifyReport } from './verify-chains.js';

const minute = (at: string | null) => (at ? `${at.slice(0, 19)}Z` : '?');
const count = (n: number) => n.toLocaleString('en');

/** A finding with where it is: the row, the chain, and the time span the break lies in. */
export function describeFinding(f: Finding): string {
  const where = f.lastIntact ? `between row ${f.lastIntact.id} (position ${f.lastIntact.seq}, ${minute(f.lastIntact.at)}) and ${minute(f.at)}` : `from the chain's first row on (up to ${minute(f.at)})`;
  return `${f.code} in chain ${f.chainId}: ${f.message}${f.rowId ? ` [${where}]` : ''}`;
}

function chainLine(c: ChainSummary): string {
  const span = c.rows > 0 ? `${minute(c.firstAt)} – ${minute(c.lastAt)}` : 'no rows';
  const state = c.finding ? `BROKEN at ${c.finding.rowId ? `row ${c.finding.rowId}` : 'its end'}` : 'intact';
  return `chain ${c.chainId.padEnd(12)} ${count(c.rows).padStart(9)} rows  ${span}  ${state}`;
}

/** The verification's report: a line per chain, each break described, unsealed rows, the verdict. */
export function formatReport(report: VerifyReport): string {
  const lines = report.chains.map(chainLine);
  if (report.findings.length) lines.push('', ...report.findings.map(describeFinding));
  const { pending, chainingBegan } = report.legacy;
  if (pending.count > 0) {
    lines.push(
      '',
      `unchained (before ${chainingBegan ?? 'chaining began'}): ${count(pending.count)} rows, ids ${pending.firstId}–${pending.lastId}, written before chaining; not proven — chain them once with: npm run audit -- seal`,
    );
  }
  if (report.keyWrong) {
    lines.push('', 'AUDIT_KEY_WRONG: no chain verifies from its first row — the key is not the one these chains were written with (or every chain was rewritten).');
  }
  const broken = report.chains.filter((c) => c.finding).length;
  const stray = report.findings.filter((f) => f.code === 'AUDIT_ROW_UNCHAINED').length;
  lines.push(
    '',
    report.findings.length === 0
      ? `Intact: ${count(report.chains.length)} chains, ${count(report.rows)} rows verified.`
      : `BROKEN: ${broken} of ${count(report.chains.length)} chains${stray ? `, ${stray}${stray === 20 ? '+' : ''} unchained rows` : ''} (${count(report.rows)} rows read).`,
  );
  return lines.join('\n');
}
