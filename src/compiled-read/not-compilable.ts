/** Why an operation stays on the resolver path (tests and debugging read it). */
export class NotCompilable extends Error {}
