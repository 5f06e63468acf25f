export type * from './ports.ts';
export type * from './artifacts-api.ts';
