export * from './kernel/index.ts';
export * from './tracking/index.ts';
export * from './artifacts/index.ts';
export * from './registry/index.ts';
export * from './identity/index.ts';
export * from './access/index.ts';
export * from './webhooks/index.ts';
export * from './audit/index.ts';
