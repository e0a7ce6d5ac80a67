import type { MonitoringRule } from '../../../contract/monitoring-rule.js';
import { evidenceArray } from '../../../monitoring/evidence-sql.js';
import { payingOn } from '../../../monitoring/rules/conditions.js';

/**
 * 公益岗位人员不符合条件: a mutual-aid post in force held by someone whose household is not
 * registered poor (建档立卡) or who has no — or no recorded — labour ability. The programme pays
 * posts only to poor people able to work; a post outside that rule is either a data error or a
 * post that should be reassigned.
 */
export const holderNotEligible: MonitoringRule = {
  code: 'HRSS_HOLDER_NOT_ELIGIBLE',
  description: 'Mutual-aid post holder not registered poor or without labour ability (公益岗位人员不符合条件).',
  evidenceScopes: ['hrss:read', 'household:read', 'person:read'],
  requiresConsent: false,
  parameters: [],
  select: ({ asOf }) => `
    select h.id as household_id, array[p.id] as person_ids,
           ${evidenceArray([
             { department: 'hrss', field: 'MutualAidPost.postType', label: '岗位类型 post type', value: 'post.post_type', personId: 'p.id', recordId: 'post.id' },
             { department: 'hrss', field: 'MutualAidPost.startDate', label: '上岗日期 start', value: 'post.start_date', personId: 'p.id', recordId: 'post.id' },
             { department: 'core', field: 'Household.registeredPoor', label: '建档立卡 registered poor', value: 'coalesce(h.registered_poor, false)' },
             { department: 'core', field: 'Person.labourAbility', label: '劳动能力 labour ability', value: "coalesce(p.labour_ability, 'UNKNOWN')", personId: 'p.id' },
           ])} as evidence,
           'post:' || post.id as dedupe_key
      from hrss.post post
      join core.person p on p.id = post.person_id
      join core.household h on h.id = p.household_id
     where ${payingOn('post', asOf)}
       and (not coalesce(h.registered_poor, false) or p.labour_ability is null or p.labour_ability = 'NONE')`,
};
