export * from './sql/index.ts';
export * from './blob/index.ts';
export * from './egress/index.ts';
export * from './audit/index.ts';
export * from './workspace/index.ts';
export * from './analytics/index.ts';
