// The database schema as Kysely types. Each feature adds its tables by augmenting `Tables`.

/**
 * One property per table. Features declare their own tables next to their repository:
 * `declare module "../db/tables.js" { interface Tables { jobs: JobsTable } }`.
 * Conventions: ids are integers, times are epoch milliseconds (bigint columns), JSON is stored as text.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- augmented by features
export interface Tables {}
