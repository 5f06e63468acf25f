export * from './model-card.ts';
export * from './card-completeness.ts';
