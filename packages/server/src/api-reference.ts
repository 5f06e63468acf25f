import { createOpenApiDocument } from './v1/openapi-document.ts';
import { renderOpenApiMarkdown } from './v1/openapi-markdown.ts';
import { v1Routes } from './v1/v1-routes.ts';
import { CAIRN_VERSION } from './version.ts';

/** The OpenAPI 3.1 document of the v1 API, as served at `/api/v1/openapi.json`. */
export function v1OpenApiDocument(version: string = CAIRN_VERSION): Record<string, unknown> {
  return createOpenApiDocument(v1Routes, version);
}

/** The Markdown API reference (`docs/reference/api.md`), generated from the OpenAPI document. */
export function renderApiReference(): string {
  return renderOpenApiMarkdown(v1OpenApiDocument());
}
