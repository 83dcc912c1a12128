// Building 422 errors by hand, in the same shape the schema validator produces.
import { AppError } from "../../core/errors/index.js";

/** A 422 `VALIDATION_ERROR` with one message for one field. */
export function invalidField(field: string, message: string): AppError {
  return new AppError("validation_failed", "The given data was invalid", { errors: { [field]: [message] } });
}

/** A 422 with several fields' messages. */
export function invalidFields(errors: Record<string, string[]>): AppError {
  return new AppError("validation_failed", "The given data was invalid", { errors });
}
