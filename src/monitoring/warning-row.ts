import type { EvidenceItem } from '../contract/monitoring-rule.js';
import { isoDateTime as iso } from './row-values.js';

/** A `monitoring.warning` row as resolvers receive it (the `Warning` parent). */
export interface WarningRow {
  id: string;
  ruleCode: string;
  dedupeKey: string;
  householdId: string;
  personIds: string[];
  evidence: EvidenceItem[];
  status: 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED' | 'DISMISSED';
  live: boolean;
  detectedAt: string;
  evidenceUpdatedAt: string;
  statusChangedAt: string | null;
  statusChangedBy: string | null;
  statusReason: string | null;
}


export function toWarningRow(r: Record<string, unknown>): WarningRow {
  return {
    id: String(r.id),
    ruleCode: String(r.rule_code),
    dedupeKey: String(r.dedupe_key),
    householdId: String(r.household_id),
    personIds: ((r.person_ids as unknown[]) ?? []).map(String),
    evidence: (r.evidence as EvidenceItem[]) ?? [],
    status: r.status as WarningRow['status'],
    live: r.live === true,
    detectedAt: iso(r.detected_at)!,
    evidenceUpdatedAt: iso(r.evidence_updated_at)!,
    statusChangedAt: iso(r.status_changed_at),
    statusChangedBy: (r.status_changed_by as string | null) ?? null,
    statusReason: (r.status_reason as string | null) ?? null,
  };
}
