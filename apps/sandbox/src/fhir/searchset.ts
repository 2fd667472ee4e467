import type { Bundle, BundleEntry, BundleLink, FhirResource } from "fhir/r4.js";
import { operationOutcome } from "./operation-outcome.js";
import type { SearchQuery, SearchResult } from "./search.js";

function searchUrl(baseUrl: string, query: SearchQuery, offset: number): string {
  const params = new URLSearchParams(query.applied);
  if (offset > 0) params.set("_offset", String(offset));
  const text = params.toString();
  return `${baseUrl}/${query.type}${text ? `?${text}` : ""}`;
}

/** A searchset Bundle (FHIR R4 §3.1.1.2): total, self/next/previous links, fullUrl per entry. */
export function searchset(baseUrl: string, query: SearchQuery, result: SearchResult): Bundle {
  const link: BundleLink[] = [{ relation: "self", url: searchUrl(baseUrl, query, query.offset) }];
  if (query.count > 0 && query.offset + query.count < result.total) {
    link.push({ relation: "next", url: searchUrl(baseUrl, query, query.offset + query.count) });
  }
  if (query.count > 0 && query.offset > 0) {
    link.push({
      relation: "previous",
      url: searchUrl(baseUrl, query, Math.max(0, query.offset - query.count)),
    });
  }
  const entry: BundleEntry[] = result.resources.map((resource) => ({
    fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id!}`,
    resource: resource as FhirResource,
    search: { mode: "match" },
  }));
  if (query.ignored.length > 0) {
    entry.push({
      resource: operationOutcome(
        "not-supported",
        `Ignored search parameters: ${query.ignored.join(", ")}`,
        "warning",
      ),
      search: { mode: "outcome" },
    });
  }
  return {
    resourceType: "Bundle",
    type: "searchset",
    total: result.total,
    link,
    ...(entry.length > 0 ? { entry } : {}),
  };
}
