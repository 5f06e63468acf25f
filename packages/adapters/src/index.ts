export * from './sql/index.ts';
export * from './blob/index.ts';
