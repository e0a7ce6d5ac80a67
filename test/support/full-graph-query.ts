/** Every record list of the five original departments, one or two fields each. */
export const DEPARTMENT_PROFILES = `
  civilAffairs { enrolments { program status monthlyAmount } careTargets { category } careVisits { kind visitDate } custodyAgreements { mode } }
  disability { certificates { category grade } rehabServices { status } subsidies { kind } aidGrants { kind amount } }
  education { enrolments { status leftBehind } teacherPairings { teacherName } aids { kind } dropoutCases { status } }
  womensFederation { leftBehindRecords { needs } trainings { course } supportCases { kind } }
  health { familyDoctorContracts { validUntil } checks { checkDate } conditions { icd10Code } medicalExpenses { outOfPocket } deaths { deathDate } }
`;

/** The sixth department's lists, with links to other persons and regions. */
export const HRSS_PROFILE = `
  hrss { posts { id postType village { name } } pairingsAsHelped { helper { name } } }
`;

/**
 * A page of full person graphs — household, head, members, village, finance, links and `profiles`
 * for every person and every member — sized by `$first`: the shape the no-N+1 tests count.
 */
export function fullGraphQuery(profiles: string): string {
  return `query($first: Int) {
  persons(first: $first) {
    totalCount
    nodes {
      id name idNumber age
      ${profiles}
      links { kind from { name } to { name } }
      household {
        householdNumber
        region { name parent { name } }
        head { name }
        finance { year income rigidExpenditure }
        members { id name ${profiles} }
      }
    }
  }
}`;
}
