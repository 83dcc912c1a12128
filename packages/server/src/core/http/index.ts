// HTTP: the server factory and the error boundary's encoders.
export {
  createHttpServer,
  type HttpServer,
  type HttpServerOptions,
  type ReadinessCheck,
} from "./http-server.js";
export { encodeJsonError, ErrorEncoders, toAppError, type ErrorEncoder } from "./error-boundary.js";
