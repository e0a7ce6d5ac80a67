import { col, date, enumOf, text, type IntakeColumn, type IntakeKind } from '../contract/intake-kind.js';

/**
 * Columns every record of a kind carries besides its own: its key in the department's ledger,
 * who it is about, and the household link. They are not stored in the department table but
 * resolved to a person / household (identity resolution).
 */
export const GENDER_VALUES = { MALE: ['男'], FEMALE: ['女'] } as const;

export const RELATION_VALUES = {
  HEAD: ['户主', '本人'],
  SPOUSE: ['配偶', '妻', '夫'],
  CHILD: ['子女', '子', '女', '儿子', '女儿'],
  PARENT: ['父母', '父亲', '母亲'],
  GRANDCHILD: ['孙子女', '孙子', '孙女', '外孙子女'],
  GRANDPARENT: ['祖父母', '外祖父母'],
  SIBLING: ['兄弟姐妹'],
  CHILD_IN_LAW: ['儿媳', '女婿'],
  OTHER: ['其他'],
} as const;

export const sourceRecordIdColumn = col('sourceRecordId', ['来源记录号', '记录编号', '业务编号'], text(64), { required: true });
export const sourceUpdatedAtColumn = col('sourceUpdatedAt', ['来源更新时间', '更新时间'], date);
export const householdNumberColumn = col('householdNumber', ['户号', '户编号'], text(32));

/** Identity columns of a record about a person. */
export const personIdentityColumns: readonly IntakeColumn[] = [
  sourceRecordIdColumn,
  col('idNumber', ['身份证号', '公民身份号码', '身份证号码', '公民身份证号码'], text(40), { required: true }),
  col('name', ['姓名'], text(50), { required: true }),
  col('sex', ['性别'], enumOf(GENDER_VALUES)),
  col('birthDate', ['出生日期'], date),
  householdNumberColumn,
  col('relationToHead', ['与户主关系'], enumOf(RELATION_VALUES)),
  sourceUpdatedAtColumn,
];

/** Identity columns of a record about a household. */
export const householdIdentityColumns: readonly IntakeColumn[] = [
  sourceRecordIdColumn,
  { ...householdNumberColumn, required: true },
  sourceUpdatedAtColumn,
];

/** An identity column under the kind's own headers (`identityHeaders`), the generic ones kept as aliases. */
function withKindHeaders(kind: IntakeKind, column: IntakeColumn): IntakeColumn {
  const own = kind.identityHeaders?.[column.field];
  if (!own?.length) return column;
  return { ...column, zh: own[0]!, aliases: [...own.slice(1), column.zh, ...column.aliases] };
}

/** Identity columns first, then the kind's own: the full column list of an import file. */
export function allColumns(kind: IntakeKind): readonly IntakeColumn[] {
  const identity = kind.owner === 'person' ? personIdentityColumns : householdIdentityColumns;
  return [...identity.map((c) => withKindHeaders(kind, c)), ...kind.columns];
}
