// The API console: pick any Studio method or Store endpoint, fill its form, see the exact request and the
// raw response. The forms come from the server's own OpenAPI documents.
import { Alert, Select, Text } from "@mantine/core";
import { useStoreCredentials, useStudioCredentials } from "../api/credentials";
import { navigate, useQuery } from "../app/router";
import { PageLoader } from "../app/page-loader";
import { useSession } from "../app/session";
import { ApiConsoleLayout } from "./api-console-layout";
import { CredentialsCard } from "./credentials-card";
import { apiNamed, type ApiName } from "./openapi-model";
import { OperationForm } from "./operation-form";
import { useApiDocument } from "./use-api-document";

export default function ApiConsolePage() {
  const query = useQuery();
  const api: ApiName = apiNamed(query.get("api"));
  const document = useApiDocument(api);
  // A form starts from the credentials in use: new credentials give fresh forms.
  const credentialsKey = `${useStudioCredentials()?.contactEmail ?? ""}:${useStoreCredentials()?.token.length ?? 0}`;
  const storeSubdomain = useSession().session?.memberships.find((m) => m.kind === "store")?.subdomain;
  const operations = document.data?.operations ?? [];
  const selected = operations.find((o) => o.id === query.get("op")) ?? operations[0];
  const groups = [...new Set(operations.map((o) => o.tag))].map((tag) => ({
    group: tag,
    items: operations
      .filter((o) => o.tag === tag)
      .map((o) => ({ value: o.id, label: `${o.method} ${o.path}` })),
  }));
  return (
    <ApiConsoleLayout api={api} view="console">
      <CredentialsCard />
      {document.error && (
        <Alert color="red" role="alert">
          {document.error.message}
        </Alert>
      )}
      {document.loading && <PageLoader />}
      {selected && (
        <>
          <Select
            label="Operation"
            data={groups}
            value={selected.id}
            onChange={(v) =>
              v && navigate(`/api-console?api=${api}&op=${encodeURIComponent(v)}`, { replace: true })
            }
            searchable
            allowDeselect={false}
            maw={560}
            mb="xs"
          />
          <Text size="sm" mb="md">
            {selected.summary}
          </Text>
          <OperationForm
            key={`${api}:${selected.id}:${credentialsKey}`}
            op={selected}
            session={storeSubdomain === undefined ? {} : { storeSubdomain }}
          />
        </>
      )}
    </ApiConsoleLayout>
  );
}
