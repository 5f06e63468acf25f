import { z } from 'zod';

/** Named schemas: the OpenAPI document lists each once in `components.schemas`. */
export const componentRegistry = z.registry<{ id: string; description?: string }>();

/** Registers `schema` under `id` and returns it unchanged. */
export function component<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  componentRegistry.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}
