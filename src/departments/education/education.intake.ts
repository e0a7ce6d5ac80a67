import { bool, col, date, defineIntakeKind, enumOf, int, money, text } from '../../contract/intake-kind.js';

const base = { department: 'education', dbSchema: 'education', owner: 'person' } as const;

/** Education bureau ledgers (教育局) accepted by intake. */
export const educationIntake = [
  defineIntakeKind({
    ...base, name: 'enrolment', typeName: 'SchoolEnrolment', title: 'School enrolment (学籍)', table: 'enrolment',
    columns: [
      col('school', ['学校', '学校名称'], text(100), { required: true }),
      col('stage', ['学段'], enumOf({ PRESCHOOL: ['学前'], PRIMARY: ['小学'], JUNIOR: ['初中'], SENIOR: ['高中'], VOCATIONAL: ['中职', '职业教育'] }), { required: true }),
      col('grade', ['年级'], int(1, 12), { required: true }),
      col('status', ['学籍状态', '状态'], enumOf({ ENROLLED: ['在读', '在校'], DROPPED_OUT: ['辍学'], SUSPENDED: ['休学'], GRADUATED: ['毕业'] }), { required: true }),
      col('leftBehind', ['留守儿童', '是否留守'], bool),
      col('term', ['学期'], text(16), { required: true }),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'teacher-pairing', typeName: 'TeacherPairing', title: 'Teacher pairing (结对关爱)', table: 'teacher_pairing',
    end: { dateField: 'untilDate' },
    columns: [
      col('teacherName', ['结对教师', '教师姓名'], text(50), { required: true, encrypted: true }),
      col('teacherPhone', ['教师电话'], text(20), { encrypted: true }),
      col('sinceDate', ['结对日期', '开始日期'], date, { required: true }),
      col('untilDate', ['结束日期'], date),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'education-aid', typeName: 'EducationAid', title: 'Education aid (教育资助)', table: 'education_aid',
    columns: [
      col('kind', ['资助类型'], enumOf({ TUITION_WAIVER: ['免学费'], LIVING_ALLOWANCE: ['生活补助'], NUTRITION: ['营养餐'], SCHOLARSHIP: ['助学金', '奖学金'] }), { required: true }),
      col('amount', ['金额'], money, { required: true }),
      col('year', ['年度'], int(2000, 2100), { required: true }),
    ],
  }),
  defineIntakeKind({
    ...base, name: 'dropout-case', typeName: 'DropoutCase', title: 'Dropout case (控辍保学)', table: 'dropout_case',
    columns: [
      col('reportedDate', ['报告日期'], date, { required: true }),
      col('reason', ['辍学原因', '原因'], text(200)),
      col('status', ['状态'], enumOf({ OPEN: ['未劝返', '处理中'], RETURNED: ['已劝返', '已返校'], CLOSED: ['已结案'] }), { required: true }),
    ],
  }),
];
