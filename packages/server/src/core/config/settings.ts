// Parsers for configuration values read from strings (environment variables or a config file).

/** A setting's parser: turns the raw string into a typed value or explains what is wrong. */
export type Parse<T> = (raw: string) => { ok: true; value: T } | { ok: false; expected: string };

const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (expected: string) => ({ ok: false as const, expected });

export function integer(min: number, max: number): Parse<number> {
  return (raw) => {
    const n = Number(raw.trim());
    return /^-?\d+$/.test(raw.trim()) && Number.isSafeInteger(n) && n >= min && n <= max
      ? ok(n)
      : bad(`an integer from ${min} to ${max}`);
  };
}

export function decimal(min: number, max: number): Parse<number> {
  return (raw) => {
    const n = Number(raw.trim());
    return /^\d+(\.\d+)?$/.test(raw.trim()) && n >= min && n <= max
      ? ok(n)
      : bad(`a number from ${min} to ${max}`);
  };
}

export function boolean(): Parse<boolean> {
  return (raw) => {
    const v = raw.trim().toLowerCase();
    if (["1", "true", "yes", "on"].includes(v)) return ok(true);
    if (["0", "false", "no", "off", ""].includes(v)) return ok(false);
    return bad("1/0, true/false, yes/no or on/off");
  };
}

export function oneOf<const T extends string>(values: readonly T[]): Parse<T> {
  return (raw) => {
    const v = raw.trim().toLowerCase();
    return (values as readonly string[]).includes(v) ? ok(v as T) : bad(`one of ${values.join(", ")}`);
  };
}

export function text(
  options: { minLength?: number; pattern?: RegExp; expected?: string } = {},
): Parse<string> {
  return (raw) => {
    const v = raw.trim();
    if (v.length < (options.minLength ?? 1)) return bad(options.expected ?? "a non-empty value");
    if (options.pattern && !options.pattern.test(v))
      return bad(options.expected ?? `a value matching ${options.pattern}`);
    return ok(v);
  };
}

export function url(protocols: readonly string[]): Parse<string> {
  return (raw) => {
    const v = raw.trim();
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol.slice(0, -1))) return bad(`a ${protocols.join(" or ")} URL`);
      return ok(v.replace(/\/+$/, ""));
    } catch {
      return bad(`a ${protocols.join(" or ")} URL`);
    }
  };
}
