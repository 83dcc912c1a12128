// Delivery command templates: the placeholders, template validation, and rendering with injection-safe values.

/**
 * The placeholders a template may use. Identifiers name a player or account: a value outside their
 * character set is refused (the command is not sent) rather than stripped, since "No tch" stripped to
 * "Notch" would deliver to somebody else. Text values are stripped to a safe set instead.
 */
export const placeholders = {
  player: "identifier",
  username: "identifier",
  uuid: "identifier",
  steam_id: "identifier",
  discord_id: "identifier",
  email: "identifier",
  customer_id: "number",
  quantity: "number",
  order_id: "number",
  order_number: "identifier",
  subscription_id: "number",
  product: "text",
  product_id: "number",
  price: "number",
  currency: "identifier",
  server: "text",
} as const;

export type Placeholder = keyof typeof placeholders;
export type PlaceholderValues = Partial<Record<Placeholder, string | number | null | undefined>>;

/** Longest template accepted from the API. */
export const MAX_TEMPLATE_LENGTH = 1000;
/** Longest rendered command (a Source RCON body holds 4096 bytes with its terminators). */
export const MAX_COMMAND_BYTES = 4000;
/** Longest value substituted for one placeholder. */
const MAX_VALUE_LENGTH = 128;

/** Player names, UUIDs, SteamIDs, snowflakes, emails, order numbers: nothing a shell or RCON parser splits on. */
const IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9_.@+-]*$/;
/** Letters, marks, digits, space and `_ . , : @ + -`; everything else is removed from text values. */
const UNSAFE_TEXT = /[^\p{L}\p{M}\p{N} _.,:@+-]/gu;

/** Whether `value` may stand for an identifier placeholder (`{player}`, `{uuid}`, …) in a command. */
export function isSafeIdentifier(value: string): boolean {
  return value.length <= MAX_VALUE_LENGTH && IDENTIFIER.test(value);
}
const NUMBER = /^-?\d+(\.\d+)?$/;
const TOKEN = /\{([a-z_]+)\}/g;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

/** A value that cannot be put into a command safely; the delivery is recorded as failed with this reason. */
export class UnsafePlaceholderError extends Error {
  constructor(
    readonly placeholder: string,
    reason: string,
  ) {
    super(`{${placeholder}} ${reason}`);
    this.name = "UnsafePlaceholderError";
  }
}

/** Why a template is refused (for 422), or undefined when it is acceptable. */
export function templateProblem(template: string): string | undefined {
  if (template.trim().length === 0) return "The command field is required.";
  if (template.length > MAX_TEMPLATE_LENGTH)
    return `The command may not be greater than ${MAX_TEMPLATE_LENGTH} characters.`;
  if (CONTROL.test(template)) return "The command may not contain line breaks or control characters.";
  for (const m of template.matchAll(TOKEN)) {
    const name = m[1] ?? "";
    if (!(name in placeholders)) return `The command uses an unknown placeholder {${name}}.`;
  }
  return undefined;
}

/** The safe form of one value, or throws UnsafePlaceholderError. */
export function safeValue(name: Placeholder, raw: string | number | null | undefined): string {
  if (raw === null || raw === undefined || raw === "") {
    throw new UnsafePlaceholderError(name, "has no value for this order");
  }
  const value = String(raw);
  const kind = placeholders[name];
  if (kind === "number") {
    if (!NUMBER.test(value)) throw new UnsafePlaceholderError(name, "is not a number");
    return value;
  }
  if (kind === "identifier") {
    if (!isSafeIdentifier(value))
      throw new UnsafePlaceholderError(name, "contains characters that are not allowed in a command");
    return value;
  }
  const text = value.replace(UNSAFE_TEXT, "").replace(/ {2,}/g, " ").trim().slice(0, MAX_VALUE_LENGTH);
  if (text.length === 0) throw new UnsafePlaceholderError(name, "has no printable value");
  return text;
}

/**
 * Fills a template. Only known placeholders are replaced (others cannot exist: templates are checked when
 * saved); the result is one line of at most MAX_COMMAND_BYTES bytes, else UnsafePlaceholderError.
 */
export function renderCommand(template: string, values: PlaceholderValues): string {
  const out = template.replace(TOKEN, (whole, name: string) =>
    name in placeholders ? safeValue(name as Placeholder, values[name as Placeholder]) : whole,
  );
  if (Buffer.byteLength(out, "utf8") > MAX_COMMAND_BYTES)
    throw new UnsafePlaceholderError("command", `is longer than ${MAX_COMMAND_BYTES} bytes`);
  return out;
}
