// Where the editor API is mounted (shared by its routes, its messages and the console's SPA fallback).
export const EDITOR_PREFIX = "/studio/editor";
