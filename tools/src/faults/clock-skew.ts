/**
 * Loaded with `node --require` into one service instance of the faults run: its clock runs
 * CLOCK_SKEW_MS ahead (or behind, when negative) of the others', as a host with a drifting clock
 * would. Date and Date.now only: timers keep their real durations, as they do on such a host.
 */
const skewMs = Number(process.env.CLOCK_SKEW_MS ?? 0);

if (skewMs) {
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args: ConstructorParameters<typeof Date> | []) {
      if (args.length === 0) super(RealDate.now() + skewMs);
      else super(...(args as ConstructorParameters<typeof Date>));
    }

    static override now(): number {
      return RealDate.now() + skewMs;
    }
  }
  globalThis.Date = SkewedDate as DateConstructor;
}
