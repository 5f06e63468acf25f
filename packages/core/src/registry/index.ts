export * from './entities.ts';
export type * from './search-query.ts';
export type * from './ports.ts';
export type * from './registry-api.ts';
