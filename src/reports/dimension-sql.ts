/** SQL building blocks for report dimensions (`DimensionSpec`), the hub's and the departments' alike. */

export const NONE = { NONE: '无' };
export const YES_NO = { YES: '是', NO: '否' };

/** The person's most relevant record of a table: DISTINCT ON keeps one row per person. */
export const first = (table: string, column: string, order: string) =>
  `(select distinct on (person_id) person_id, ${column}::text as v from ${table} order by person_id, ${order})`;

/** YES when the person has a row of `table` matching `where`, else NO. */
export const hasRecord = (table: string, where: string) =>
  `case when p.id in (select person_id from ${table} where ${where}) then 'YES' else 'NO' end`;
