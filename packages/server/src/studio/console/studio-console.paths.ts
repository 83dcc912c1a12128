// Where the studio console's JSON endpoints live.
export const STUDIO_CONSOLE_PREFIX = "/api/studio/v1";
