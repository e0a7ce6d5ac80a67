import { bool, col, date, defineIntakeKind, enumOf, int, text } from '../../contract/intake-kind.js';

const base = { department: 'womens-federation', dbSchema: 'womens_federation', owner: 'person' } as const;

/** Women's federation ledgers (妇联) accepted by intake. */
export const womensFederationIntake = [
  defineIntakeKind({
    ...base, name: 'left-behind-woman', typeName: 'LeftBehindWomanProfile', title: 'Left-behind woman profile (留守妇女档案)', table: 'left_behind_woman',
    columns: [
      col('spouseWorkPlace', ['配偶务工地'], text(100)),
      col('spouseAwaySince', ['配偶外出时间'], date),
      col('childrenInCare', ['照料子女数'], int(0, 20), { required: true }),
      col('needs', ['需求'], text(200)),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'training', typeName: 'WomensTraining', title: 'Training (技能培训)', table: 'training',
    columns: [
      col('course', ['培训项目', '课程'], text(100), { required: true }),
      col('startDate', ['开始日期'], date, { required: true }),
      col('completed', ['是否结业'], bool, { required: true }),
      col('employedAfter', ['培训后就业'], bool, { required: true }),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'support-case', typeName: 'SupportCase', title: 'Support case (帮扶个案)', table: 'support_case',
    end: { dateField: 'closedDate', status: { field: 'status', value: 'CLOSED' } },
    columns: [
      col('kind', ['帮扶类型'], enumOf({ LEGAL_AID: ['法律援助'], PSYCHOLOGICAL: ['心理疏导'], EMPLOYMENT: ['就业帮扶'], DOMESTIC_VIOLENCE_SHELTER: ['反家暴庇护'] }), { required: true }),
      col('status', ['状态'], enumOf({ OPEN: ['已受理'], IN_PROGRESS: ['处理中'], CLOSED: ['已结案'] }), { required: true }),
      col('openedDate', ['受理日期'], date, { required: true }),
      col('closedDate', ['结案日期'], date),
    ],
  }),
];
