export { createModelCardStore } from './model-card-store.ts';
