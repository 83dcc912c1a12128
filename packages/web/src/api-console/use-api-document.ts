// Loads an API's OpenAPI document from the server (once per page) and lists its operations.
import { useResource, type Resource } from "../api/use-resource";
import {
  API_DOCUMENTS,
  operationsOf,
  type ApiName,
  type ApiOperation,
  type OpenApiDocument,
} from "./openapi-model";

export interface ApiDocument {
  doc: OpenApiDocument;
  operations: ApiOperation[];
}

const cache = new Map<ApiName, Promise<ApiDocument>>();

function load(api: ApiName): Promise<ApiDocument> {
  let p = cache.get(api);
  if (!p) {
    p = fetch(API_DOCUMENTS[api].url).then(async (res) => {
      if (!res.ok) throw new Error(`${API_DOCUMENTS[api].url} answered HTTP ${res.status}`);
      const doc = (await res.json()) as OpenApiDocument;
      return { doc, operations: operationsOf(api, doc) };
    });
    p.catch(() => cache.delete(api));
    cache.set(api, p);
  }
  return p;
}

export function useApiDocument(api: ApiName): Resource<ApiDocument> {
  return useResource(`openapi:${api}`, () => load(api));
}
