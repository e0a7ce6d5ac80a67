/**
 * One kind of dated event read from one table for the chain. Departments contribute theirs through
 * `DepartmentModule.chainEvents` (each `kind` also a value of the SDL enum `AssistanceEventKind`,
 * declared with `extend enum` in the department's SDL).
 */
export interface AssistanceEventSource {
  /** `AssistanceEventKind` value. */
  kind: string;
  department: string;
  sourceType: string;
  /** Table, aliased `r`; person-owned unless `householdOwned`. */
  table: string;
  date: string;
  summary: string;
  where?: string;
  householdOwned?: boolean;
}
