export { createRegistryStore } from './registry-store.ts';
export type { RegistryTables } from './registry-schema.ts';
