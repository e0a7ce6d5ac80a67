import type { MonitoringRule, RuleParameterDefinition } from '../../../contract/monitoring-rule.js';
import { evidenceArray, evidenceItem } from '../../../monitoring/evidence-sql.js';
import { alive, inForceOn } from '../../../monitoring/rules/conditions.js';

const days = (name: string, description: string, defaultValue: number): RuleParameterDefinition => ({
  name, description, defaultValue, min: 1, max: 366, integer: true,
});

/**
 * 四个一 overdue: one case per care target in force whose follow-up is late in any kind — the
 * latest record of that kind (or, before the first, the registration date) is older than its
 * interval. The evidence lists each overdue kind with its last follow-up and due date, so a
 * target missing three kinds is one case for one cadre to catch up on, not three; it resolves
 * when every kind is back on time. A follow-up exactly `interval` days ago is still on time.
 */
export const followUpOverdue: MonitoringRule = {
  code: 'FOLLOW_UP_OVERDUE',
  description: 'A care target’s 四个一 follow-up is overdue: phone, visit, micro-wish or material aid (关爱走访超期).',
  evidenceScopes: ['civil-affairs:read'],
  requiresConsent: false,
  parameters: [
    days('phoneDays', 'Phone follow-up interval (电话问候, 每月一次), days.', 31),
    days('keyPhoneDays', 'Phone follow-up interval for key-guardianship targets (重点监护对象, 每周一次), days.', 7),
    days('visitDays', 'Field visit interval (上门走访, 每季度一次), days.', 92),
    days('microWishDays', 'Micro-wish interval (微心愿, 每季度一次), days.', 92),
    days('materialAidDays', 'Material aid interval (物资帮扶, 每半年一次), days.', 183),
  ],
  select: ({ param, asOf }) => `
    with targets as (
      select distinct on (person_id) person_id, id, key_guardianship, start_date
        from civil_affairs.care_target t
       where t.start_date <= ${asOf} and ${inForceOn('t', 'end_date', asOf)}
       order by person_id, key_guardianship desc, id
    ),
    latest as (
      select person_id, kind, max(visit_date) as visit_date
        from civil_affairs.care_visit where visit_date <= ${asOf} group by person_id, kind
    )
    select h.id as household_id, array[p.id] as person_ids,
           ${evidenceArray([
             { department: 'civil-affairs', field: 'CareTarget.keyGuardianship', label: '重点监护 key guardianship', value: 't.key_guardianship', personId: 'p.id', recordId: 't.id' },
           ])} || jsonb_agg(x.item order by k.ord, x.n) as evidence,
           'person:' || p.id as dedupe_key
      from targets t
      join core.person p on p.id = t.person_id
      join core.household h on h.id = p.household_id
      cross join (values (1, 'PHONE_FOLLOW_UP'), (2, 'FIELD_VISIT'), (3, 'MICRO_WISH'), (4, 'MATERIAL_AID')) k(ord, kind)
      left join latest v on v.person_id = p.id and v.kind = k.kind
      cross join lateral (
        select (case k.kind
                  when 'PHONE_FOLLOW_UP' then case when t.key_guardianship then ${param('keyPhoneDays')} else ${param('phoneDays')} end
                  when 'FIELD_VISIT' then ${param('visitDays')}
                  when 'MICRO_WISH' then ${param('microWishDays')}
                  else ${param('materialAidDays')} end)::int as days
      ) i
      cross join lateral (values
        (1, ${evidenceItem({ department: 'civil-affairs', field: 'CareVisit.kind', label: '超期走访类型 overdue follow-up', value: 'k.kind', personId: 'p.id' })}),
        (2, ${evidenceItem({ department: 'civil-affairs', field: 'CareVisit.visitDate', label: '上次走访 last follow-up', value: 'v.visit_date', personId: 'p.id' })}),
        (3, ${evidenceItem({ department: 'civil-affairs', field: 'CareTarget.startDate', label: '应完成日期 due by', value: 'coalesce(v.visit_date, t.start_date) + i.days', personId: 'p.id', recordId: 't.id' })})
      ) x(n, item)
     where ${alive('p')} and coalesce(v.visit_date, t.start_date) + i.days < ${asOf}
     group by h.id, p.id, t.id, t.key_guardianship`,
};
