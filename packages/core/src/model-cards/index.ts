export * from './model-card.ts';
export * from './card-completeness.ts';
export { validateModelCardContent, ModelCardLimits } from './card-validation.ts';
export { prefillModelCard } from './card-prefill.ts';
export type { PrefillSources } from './card-prefill.ts';
export { renderModelCardMarkdown, escapeMarkdown } from './card-markdown.ts';
export { renderModelCardHtml, escapeHtml } from './card-html.ts';
export { createModelCardService, ModelCardEvents } from './model-card-service.ts';
export type {
  ModelCardExportFormat,
  ModelCardServiceDeps,
  ModelCardView,
  ModelCardsApi,
} from './model-card-service.ts';
export type {
  ModelCardReader,
  ModelCardRevisionRow,
  ModelCardStore,
  ModelCardWriter,
} from './ports.ts';
