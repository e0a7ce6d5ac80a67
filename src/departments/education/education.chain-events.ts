import type { AssistanceEventSource } from '../../contract/chain-event.js';

const base = { department: 'education' } as const;

/** `YYYY-YYYY-1` is the autumn term (1 September of the first year), `-2` the spring term. */
const termStart = `case when r.term ~ '^\\d{4}-\\d{4}-1$' then make_date(left(r.term, 4)::int, 9, 1)
                        when r.term ~ '^\\d{4}-\\d{4}-2$' then make_date(substr(r.term, 6, 4)::int, 3, 1) end`;

/** education events on `Household.assistanceChain` (一户一条救助链): enrolments, teacher pairings, aid and dropouts. */
export const educationChainEvents: AssistanceEventSource[] = [
  { ...base, kind: 'SCHOOL_ENROLMENT', sourceType: 'SchoolEnrolment', table: 'education.enrolment', date: termStart, summary: "concat_ws(' ', r.school, r.stage, r.grade, r.status, r.term)" },
  { ...base, kind: 'TEACHER_PAIRED', sourceType: 'TeacherPairing', table: 'education.teacher_pairing', date: 'r.since_date', summary: "'teacher pairing'" },
  { ...base, kind: 'EDUCATION_AID', sourceType: 'EducationAid', table: 'education.education_aid', date: 'make_date(r.year, 9, 1)', summary: "concat_ws(' ', r.kind, r.amount)" },
  { ...base, kind: 'DROPOUT_REPORTED', sourceType: 'DropoutCase', table: 'education.dropout_case', date: 'r.reported_date', summary: 'r.status' },
];
