/** Parents of the monitoring GraphQL types (codegen `mappers`). */
import type { ConnectionValue } from '../core/connection.js';
import type { WarningRow } from './warning-row.js';

export type { WarningRow } from './warning-row.js';
export type { EvidenceItem as WarningEvidenceParent } from '../contract/monitoring-rule.js';
export type { AssistanceEventRow } from './assistance-chain.js';
export type { MonitoringRunView as MonitoringRunParent } from './monitoring-runs.js';
export type { RuleRunView as MonitoringRuleRunParent } from './monitoring-runs.js';
export type { RuleView as MonitoringRuleParent } from './rule-catalogue.js';

export type WarningConnectionParent = ConnectionValue<WarningRow>;
export interface WarningEdgeParent {
  cursor: string;
  node: WarningRow;
}
