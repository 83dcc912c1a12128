// express ships no types and this workspace does not install @types/express: the little the examples use,
// declared here. In your project, `npm install -D @types/express` instead.
declare module "express" {
  import type { IncomingMessage, Server, ServerResponse } from "node:http";

  export interface Request extends IncomingMessage {
    body: unknown;
    header(name: string): string | undefined;
  }
  export interface Response extends ServerResponse {
    status(code: number): Response;
    type(type: string): Response;
    send(body: string): Response;
  }
  export type Handler = (req: Request, res: Response, next: (e?: unknown) => void) => void;
  export interface Express {
    post(path: string, ...handlers: Handler[]): void;
    listen(port: number, host: string, done?: () => void): Server;
  }
  interface ExpressFactory {
    (): Express;
    text(options?: { type?: string | string[] }): Handler;
    raw(options?: { type?: string | string[] }): Handler;
  }
  const express: ExpressFactory;
  export default express;
}
