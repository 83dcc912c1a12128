/** @pixl/sdk: typed clients for the Store and Studio APIs. Filled by the SDK issue. */
export {};
