// autocannon ships no types; the load worker uses only its documented run options and summary.
declare module 'autocannon' {
  const autocannon: (opts: Record<string, unknown>) => PromiseLike<any> & { on(event: string, listener: (...args: any[]) => void): void };
  export default autocannon;
}
