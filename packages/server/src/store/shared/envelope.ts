// The response envelopes of the docs: `{success, data}`, `{success, data, meta}`, `{success, message}`.
import { Type, type TSchema } from "@sinclair/typebox";

/** Paging facts of a list response. */
export const PageMeta = Type.Object({
  current_page: Type.Integer(),
  last_page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer(),
});

export interface PageMetaValue {
  current_page: number;
  last_page: number;
  per_page: number;
  total: number;
}

/** `{success: true, data: T}` (with an optional `message`). */
export const DataEnvelope = <T extends TSchema>(data: T) =>
  Type.Object({ success: Type.Literal(true), data, message: Type.Optional(Type.String()) });

/** `{success: true, data: T[], meta}`. */
export const PageEnvelope = <T extends TSchema>(item: T) =>
  Type.Object({ success: Type.Literal(true), data: Type.Array(item), meta: PageMeta });

/** `{success: true, message}` (deletes). */
export const MessageEnvelope = Type.Object({ success: Type.Literal(true), message: Type.String() });

export function ok<T>(data: T, message?: string): { success: true; data: T; message?: string } {
  return message === undefined ? { success: true, data } : { success: true, data, message };
}

export function okPage<T>(data: T[], meta: PageMetaValue): { success: true; data: T[]; meta: PageMetaValue } {
  return { success: true, data, meta };
}

export function okMessage(message: string): { success: true; message: string } {
  return { success: true, message };
}
