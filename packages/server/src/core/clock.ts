// Time as a port: production uses the system clock; tests advance a fake one instead of sleeping.

/** A source of "now" in epoch milliseconds. Every timestamp Pixl stores comes from one. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export interface FakeClock extends Clock {
  set(ms: number): void;
  advance(ms: number): number;
}

export function createFakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let t = start;
  return {
    now: () => t,
    set: (ms) => {
      t = ms;
    },
    advance: (ms) => (t += ms),
  };
}
