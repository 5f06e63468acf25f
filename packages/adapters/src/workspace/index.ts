export { scanPath } from './scan-path.ts';
export type { ScanResult, ScannedFile } from './scan-path.ts';
export { openStatCache } from './stat-cache.ts';
export type { StatCache } from './stat-cache.ts';
export { hashFiles, ingestFiles } from './ingest-files.ts';
export type { HashOptions, IngestOptions, IngestResult, Progress } from './ingest-files.ts';
export { materialize } from './materialize.ts';
export type { LinkMode, MaterializeOptions, MaterializeResult } from './materialize.ts';
