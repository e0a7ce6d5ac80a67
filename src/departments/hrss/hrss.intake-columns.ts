/**
 * The hrss intake kinds (数据报送) as plain data, ready to be declared through the intake
 * contract (`DepartmentModule.intake`, src/ingest) once it exists: for each kind, the table it
 * fills and, per column, the headers a village's spreadsheet may use (Chinese first, English
 * second), whether a row without it is rejected, and how the cell is read.
 *
 * - `idNumber` cells name a person by resident ID number and resolve to `core.person.id`;
 * - `sourceRef` cells name another hrss record by its source record id (a post) and resolve to its id.
 */
export type IntakeCellType = 'text' | 'date' | 'month' | 'int' | 'money' | 'enum' | 'idNumber' | 'sourceRef' | 'regionCode';

export interface IntakeColumn {
  /** Column of the target table. */
  column: string;
  headers: readonly [zh: string, en: string, ...aliases: string[]];
  required: boolean;
  type: IntakeCellType;
  /** Allowed values of an `enum` cell, each with the Chinese words that mean it. */
  values?: Record<string, readonly string[]>;
  /** For `sourceRef`: the table whose `source_record_id` the cell names. */
  references?: string;
}

export interface IntakeKind {
  /** Qualified table name. */
  table: string;
  label: string;
  columns: readonly IntakeColumn[];
}

const recordId = (zh: string, en: string): IntakeColumn => ({ column: 'source_record_id', headers: [zh, en, 'source_record_id'], required: true, type: 'text' });
const postRef: IntakeColumn = { column: 'post_id', headers: ['岗位编号', 'post id', 'post_source_record_id'], required: true, type: 'sourceRef', references: 'hrss.post' };
const holder: IntakeColumn = { column: 'person_id', headers: ['上岗人员身份证号', 'holder id number'], required: true, type: 'idNumber' };

export const HRSS_INTAKE_KINDS = {
  /** A post and its holder (岗位及上岗人员): the post is created for one named holder. */
  posts: {
    table: 'hrss.post',
    label: '公益岗位及上岗人员',
    columns: [
      recordId('岗位编号', 'post id'),
      holder,
      {
        column: 'post_type', headers: ['岗位类型', 'post type'], required: true, type: 'enum',
        values: { ELDERLY_CARE: ['互助养老'], CHILDCARE: ['互助托幼'], SICK_CARE: ['互助照料病患', '照料病患'], DISABILITY_HELP: ['互助助残', '助残'] },
      },
      { column: 'village_code', headers: ['设岗村代码', 'village code'], required: true, type: 'regionCode' },
      { column: 'work_pattern', headers: ['用工形式', 'work pattern'], required: true, type: 'enum', values: { HOURLY: ['按小时计酬', '非全日制'], FULL_TIME: ['全日制'] } },
      { column: 'subsidy_kind', headers: ['补贴方式', 'subsidy kind'], required: true, type: 'enum', values: { POST_SUBSIDY: ['岗位补贴'], SOCIAL_INSURANCE_SUBSIDY: ['社会保险补贴', '社保补贴'] } },
      { column: 'monthly_subsidy', headers: ['月补贴（元）', 'monthly subsidy', '月补贴'], required: true, type: 'money' },
      { column: 'start_date', headers: ['上岗日期', 'start date'], required: true, type: 'date' },
      { column: 'end_date', headers: ['离岗日期', 'end date'], required: false, type: 'date' },
      { column: 'status', headers: ['在岗状态', 'status'], required: true, type: 'enum', values: { ACTIVE: ['在岗'], ENDED: ['离岗'] } },
    ],
  },
  /** A pairing of a post holder with a person helped (结对帮扶). */
  pairings: {
    table: 'hrss.pairing',
    label: '结对帮扶',
    columns: [
      recordId('结对编号', 'pairing id'),
      { column: 'person_id', headers: ['受助对象身份证号', 'helped person id number'], required: true, type: 'idNumber' },
      { column: 'helper_person_id', headers: ['帮扶人身份证号', 'helper id number'], required: true, type: 'idNumber' },
      postRef,
      { column: 'services', headers: ['服务内容', 'services'], required: false, type: 'text' },
      { column: 'start_date', headers: ['结对日期', 'start date'], required: true, type: 'date' },
      { column: 'end_date', headers: ['解除日期', 'end date'], required: false, type: 'date' },
    ],
  },
  /** Monthly attendance (月度考勤). */
  attendance: {
    table: 'hrss.attendance',
    label: '月度考勤',
    columns: [
      recordId('考勤编号', 'attendance id'),
      holder,
      postRef,
      { column: 'month', headers: ['考勤月份', 'month'], required: true, type: 'month' },
      { column: 'days_required', headers: ['应出勤天数', 'days required'], required: true, type: 'int' },
      { column: 'days_present', headers: ['实际出勤天数', 'days present'], required: true, type: 'int' },
    ],
  },
  /** Assessment (考核). */
  assessments: {
    table: 'hrss.assessment',
    label: '考核',
    columns: [
      recordId('考核编号', 'assessment id'),
      holder,
      postRef,
      { column: 'period_end', headers: ['考核期末', 'period end'], required: true, type: 'date' },
      {
        column: 'result', headers: ['考核结果', 'result'], required: true, type: 'enum',
        values: { EXCELLENT: ['优秀'], QUALIFIED: ['合格'], BASICALLY_QUALIFIED: ['基本合格'], UNQUALIFIED: ['不合格'] },
      },
      { column: 'score', headers: ['考核得分', 'score'], required: false, type: 'int' },
      { column: 'assessor', headers: ['考核人', 'assessor'], required: false, type: 'text' },
    ],
  },
} satisfies Record<string, IntakeKind>;
