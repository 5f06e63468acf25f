export { createDatasetStore } from './dataset-store.ts';
