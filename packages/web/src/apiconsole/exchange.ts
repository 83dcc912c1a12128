// One request as the API console sends it and the raw answer, both shown to the person.
import { currentCsrfToken } from "../api/console-api";

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export interface RawResponse {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
  ms: number;
}

/**
 * Sends `request` as written. The session cookie and CSRF header are added by the browser and here when
 * no Authorization header is given; they are shown as such (never their values).
 */
export async function send(request: SentRequest): Promise<{ shown: SentRequest; response: RawResponse }> {
  const headers: Record<string, string> = { ...request.headers };
  const shown: SentRequest = { ...request, headers: { ...request.headers } };
  const unsafe = !["GET", "HEAD"].includes(request.method);
  const bySession = headers["authorization"] === undefined;
  if (bySession) {
    shown.headers["cookie"] = "pixl_session=… (your session)";
    const csrf = currentCsrfToken();
    if (unsafe && csrf !== undefined) {
      headers["x-csrf-token"] = csrf;
      shown.headers["x-csrf-token"] = "… (your session's CSRF token)";
    }
  }
  const started = performance.now();
  const r = await fetch(request.url, {
    method: request.method,
    headers,
    credentials: bySession ? "same-origin" : "omit",
    ...(request.body === undefined || request.body === "" ? {} : { body: request.body }),
  });
  const body = await r.text();
  return {
    shown,
    response: {
      status: r.status,
      statusText: r.statusText,
      headers: [...r.headers.entries()],
      body,
      ms: performance.now() - started,
    },
  };
}

/** The request as an HTTP/1.1 message, the way a person reads it. */
export function formatRequest(r: SentRequest): string {
  const head = [`${r.method} ${r.url} HTTP/1.1`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`)];
  return r.body === undefined || r.body === "" ? head.join("\n") : `${head.join("\n")}\n\n${r.body}`;
}

export function formatResponse(r: RawResponse): string {
  const head = [`HTTP/1.1 ${r.status} ${r.statusText}`, ...r.headers.map(([k, v]) => `${k}: ${v}`)];
  let body = r.body;
  try {
    body = JSON.stringify(JSON.parse(r.body), null, 2);
  } catch {
    // Not JSON (XML, text): shown as it came.
  }
  return `${head.join("\n")}\n\n${body}`;
}
