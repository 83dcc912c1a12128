// Runs one Studio operation for a transport: builds the context, calls the domain, shapes the response.
import type { FastifyRequest } from "fastify";
import { StudioError } from "../studio-errors.js";
import {
  studioContract,
  type StudioOperationName,
  type StudioOperations,
  type StudioRequestContext,
} from "../studio.contract.js";
import { readRequest, type RequestSource } from "./request-reader.js";
import { shapeResponse } from "./response-shape.js";

type AnyOperation = (request: unknown, ctx: StudioRequestContext) => Promise<unknown>;

export interface OperationCall {
  readonly operation: StudioOperationName;
  /** Where the request's members come from, earlier sources first. */
  readonly sources: readonly RequestSource[];
  readonly transport: StudioRequestContext["transport"];
  /** The method as the client named it, for logs and the context. */
  readonly method: string;
}

/**
 * Reads the request, runs the operation and returns its response shaped by the contract (ErrorCode
 * `NoError` unless the operation returned another). Validation failures and StudioErrors thrown by the
 * operation propagate to the error boundary, which encodes them for the transport; a returned
 * `InternalError` is thrown too, so it answers 500 with the generic message like any internal failure.
 */
export async function callOperation(
  operations: StudioOperations,
  call: OperationCall,
  request: FastifyRequest,
  publicUrl: string,
): Promise<Record<string, unknown>> {
  const descriptor = studioContract[call.operation];
  const input = readRequest(descriptor.request, call.sources);
  const ctx: StudioRequestContext = {
    publicUrl,
    requestId: request.id,
    clientIp: request.ip,
    transport: call.transport,
    method: call.method,
  };
  const run = operations[call.operation] as unknown as AnyOperation;
  const result = await run.call(operations, input, ctx);
  const shaped = shapeResponse(descriptor.response, result);
  if (shaped["ErrorCode"] === "InternalError") {
    throw new StudioError("InternalError", String(shaped["Message"]));
  }
  return shaped;
}
