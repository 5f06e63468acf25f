export * from './app.ts';
export * from './start-server.ts';
export { renderApiReference, v1OpenApiDocument } from './api-reference.ts';
export { listRoutes, listV1Routes } from './routes-inventory.ts';
export type { RouteEntry } from './routes-inventory.ts';
export type { AppEnv } from './app-env.ts';
export { CAIRN_VERSION } from './version.ts';
export { readAuditPublicKey, verifyAuditOffline } from './audit/offline-audit.ts';
export type { OfflineAuditOptions } from './audit/offline-audit.ts';
