/**
 * hrss record kinds as ledgers deliver them. Each kind declares its columns once: the upsert
 * input, import headers, docs/intake.md and the demo table's columns (hrss.seed.ts) follow from
 * it, and test/unit/record-kind-drift.test.ts holds the SDL type, entity and migration to it.
 */
import { col, date, defineIntakeKind, enumOf, int, money, month, personRef, recordRef, regionCode, text } from '../../contract/intake-kind.js';

const base = { department: 'hrss', dbSchema: 'hrss', owner: 'person' } as const;

/** Holder columns as villages' post ledgers head them (上岗人员). */
const holder = { idNumber: ['上岗人员身份证号'], name: ['上岗人员姓名'] };

/** Every kind but the post names its post by the post's ledger key (岗位编号), resolved to the hub's post. */
const postColumn = col('postSourceRecordId', ['岗位编号', 'post id'], recordRef('post'), { required: true, column: 'post_id' });

/** The post ledger (岗位台账): a post and its holder. */
export const postKind = defineIntakeKind({
  ...base, name: 'post', typeName: 'MutualAidPost', title: 'Mutual-aid post and its holder (公益岗位及上岗人员)', table: 'post',
  identityHeaders: { sourceRecordId: ['岗位编号'], ...holder },
  end: { dateField: 'endDate', status: { field: 'status', value: 'ENDED' } },
  columns: [
    col('postType', ['岗位类型'], enumOf({ ELDERLY_CARE: ['互助养老'], CHILDCARE: ['互助托幼'], SICK_CARE: ['互助照料病患', '照料病患'], DISABILITY_HELP: ['互助助残', '助残'] }), { required: true }),
    col('villageCode', ['设岗村代码', '村代码'], regionCode, { required: true }),
    col('workPattern', ['用工形式'], enumOf({ HOURLY: ['按小时计酬', '非全日制'], FULL_TIME: ['全日制'] }), { required: true }),
    col('subsidyKind', ['补贴方式'], enumOf({ POST_SUBSIDY: ['岗位补贴'], SOCIAL_INSURANCE_SUBSIDY: ['社会保险补贴', '社保补贴'] }), { required: true }),
    col('monthlySubsidy', ['月补贴（元）', '月补贴'], money, { required: true }),
    col('startDate', ['上岗日期'], date, { required: true }),
    col('endDate', ['离岗日期'], date),
    col('status', ['在岗状态'], enumOf({ ACTIVE: ['在岗'], ENDED: ['离岗'] }), { required: true }),
  ],
});

export const pairingKind = defineIntakeKind({
  ...base, name: 'pairing', typeName: 'MutualAidPairing', title: 'Mutual-aid pairing (结对帮扶)', table: 'pairing',
  // The record belongs to the person helped; the helper (a post holder) is a second person reference.
  identityHeaders: { sourceRecordId: ['结对编号'], idNumber: ['受助对象身份证号'], name: ['受助对象姓名'] },
  end: { dateField: 'endDate' },
  columns: [
    col('helperIdNumber', ['帮扶人身份证号'], personRef, { required: true, column: 'helper_person_id' }),
    postColumn,
    col('services', ['服务内容'], text(200)),
    col('startDate', ['结对日期'], date, { required: true }),
    col('endDate', ['解除日期'], date),
  ],
});

export const attendanceKind = defineIntakeKind({
  ...base, name: 'attendance', typeName: 'PostAttendance', plural: 'PostAttendance', title: 'Monthly post attendance (月度考勤)', table: 'attendance',
  identityHeaders: { sourceRecordId: ['考勤编号'], ...holder },
  columns: [
    postColumn,
    col('month', ['考勤月份'], month, { required: true }),
    col('daysRequired', ['应出勤天数'], int(0, 31), { required: true }),
    col('daysPresent', ['实际出勤天数'], int(0, 31), { required: true }),
  ],
});

export const assessmentKind = defineIntakeKind({
  ...base, name: 'assessment', typeName: 'PostAssessment', title: 'Post assessment (考核)', table: 'assessment',
  identityHeaders: { sourceRecordId: ['考核编号'], ...holder },
  columns: [
    postColumn,
    col('periodEnd', ['考核期末'], date, { required: true }),
    col('result', ['考核结果'], enumOf({ EXCELLENT: ['优秀'], QUALIFIED: ['合格'], BASICALLY_QUALIFIED: ['基本合格'], UNQUALIFIED: ['不合格'] }), { required: true }),
    col('score', ['考核得分'], int(0, 100)),
    col('assessor', ['考核人'], text(50), { encrypted: true }),
  ],
});

/** Human resources & social security ledgers (人社公益岗位) accepted by intake. */
export const hrssIntake = [postKind, pairingKind, attendanceKind, assessmentKind];
