export * from './entities.ts';
export type * from './ports.ts';
export type * from './datasets-api.ts';
