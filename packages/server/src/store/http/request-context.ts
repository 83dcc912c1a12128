// The authenticated caller of a Store API request, attached by the auth hook and read by handlers.
import type { FastifyRequest } from "fastify";
import { AppError } from "../../core/errors/index.js";
import type { Principal } from "../tokens/token.service.js";

const principals = new WeakMap<FastifyRequest, Principal>();

export function setPrincipal(request: FastifyRequest, principal: Principal): void {
  principals.set(request, principal);
}

/** The caller's token and store. Throws 401 when the request was not authenticated (a wiring bug). */
export function getPrincipal(request: FastifyRequest): Principal {
  const p = principals.get(request);
  if (!p) throw new AppError("unauthorized", "Invalid or missing API token");
  return p;
}
