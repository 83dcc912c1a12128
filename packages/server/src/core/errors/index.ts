// Errors: the catalogue and the AppError type every feature throws.
export { errorCodes, statusOf, type ErrorCode } from "./error-codes.js";
export { AppError, coerceError, isAppError, messageOf, type ErrorDetails } from "./app-error.js";
