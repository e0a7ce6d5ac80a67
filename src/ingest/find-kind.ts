import type { DepartmentModule } from '../contract/department-module.js';
import type { IntakeKind } from '../contract/intake-kind.js';

/** The intake kind `name` of `department`, or an error listing what exists. */
export function findIntakeKind(departments: readonly DepartmentModule[], department: string, name: string): IntakeKind {
  const d = departments.find((x) => x.code === department);
  if (!d?.intake?.length) {
    const known = departments.filter((x) => x.intake?.length).map((x) => x.code);
    throw new Error(`department "${department}" has no intake; one of: ${known.join(', ')}`);
  }
  const kind = d.intake.find((k) => k.name === name);
  if (!kind) throw new Error(`department ${department} has no record kind "${name}"; one of: ${d.intake.map((k) => k.name).join(', ')}`);
  return kind;
}
