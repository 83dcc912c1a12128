// The interactive API reference, generated from the server's OpenAPI document: every operation with its
// parameters, body and answers, and a link to try it in the console.
import { Alert, Anchor, Badge, Card, Code, Group, Stack, Table, Text, Title } from "@mantine/core";
import { Link, useQuery } from "../app/router";
import { PageLoader } from "../app/page-loader";
import { ApiConsoleLayout } from "./api-console-layout";
import { API_DOCUMENTS, apiNamed, typeOf, type ApiName, type ApiOperation } from "./openapi-model";
import { SchemaView } from "./schema-view";
import { useApiDocument } from "./use-api-document";

const anchorOf = (op: ApiOperation) => `op-${op.id.replace(/[^A-Za-z0-9_-]/g, "-")}`;

function OperationDoc({ op }: { op: ApiOperation }) {
  return (
    <Card withBorder component="article" id={anchorOf(op)} aria-labelledby={`${anchorOf(op)}-title`}>
      <Group gap="sm" wrap="wrap">
        <Badge styles={{ root: { background: "#1c5bb8", color: "#fff" } }}>{op.method}</Badge>
        <Title order={3} size="h5" id={`${anchorOf(op)}-title`} style={{ wordBreak: "break-all" }}>
          {op.server}
          {op.path}
        </Title>
      </Group>
      {op.summary && <Text mt="xs">{op.summary}</Text>}
      {op.parameters.length > 0 && (
        <Table.ScrollContainer minWidth={300} mt="sm">
          <Table aria-label={`Parameters of ${op.method} ${op.path}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Parameter</Table.Th>
                <Table.Th>In</Table.Th>
                <Table.Th>Type</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {op.parameters.map((p) => (
                <Table.Tr key={`${p.in}.${p.name}`}>
                  <Table.Td>
                    <Code>{p.name}</Code>
                    {p.required ? " *" : ""}
                  </Table.Td>
                  <Table.Td>{p.in}</Table.Td>
                  <Table.Td>{typeOf(p.schema)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {op.body && (
        <Stack gap={4} mt="sm">
          <Text fw={700} size="sm">
            Body ({op.body.contentType})
          </Text>
          <SchemaView schema={op.body.schema} />
        </Stack>
      )}
      {Object.entries(op.responses ?? {}).map(([status, r]) => {
        const [type, media] = Object.entries(r.content ?? {})[0] ?? [];
        return (
          <Stack gap={4} mt="sm" key={status}>
            <Text fw={700} size="sm">
              {status === "default" ? "Errors" : `HTTP ${status}`} {type ? `(${type})` : ""}
              {r.description ? ` — ${r.description}` : ""}
            </Text>
            {media && <SchemaView schema={media.schema} />}
          </Stack>
        );
      })}
      <Anchor
        component={Link}
        href={`/api-console?api=${op.api}&op=${encodeURIComponent(op.id)}`}
        mt="sm"
        size="sm"
      >
        Try {op.method} {op.path} in the console
      </Anchor>
    </Card>
  );
}

export default function ApiReferencePage() {
  const api: ApiName = apiNamed(useQuery().get("api"));
  const document = useApiDocument(api);
  const ops = document.data?.operations ?? [];
  const tags = [...new Set(ops.map((o) => o.tag))];
  return (
    <ApiConsoleLayout api={api} view="reference">
      {document.error && (
        <Alert color="red" role="alert">
          {document.error.message}
        </Alert>
      )}
      {document.loading && <PageLoader />}
      {document.data && (
        <Stack>
          <Text>{document.data.doc.info.description}</Text>
          <Text size="sm">
            OpenAPI {document.data.doc.openapi}:{" "}
            <Anchor href={API_DOCUMENTS[api].url}>download the document</Anchor>
          </Text>
          {tags.map((tag) => (
            <Stack key={tag} component="section" aria-label={tag}>
              <Title order={2} size="h3">
                {tag}
              </Title>
              {ops
                .filter((o) => o.tag === tag)
                .map((o) => (
                  <OperationDoc key={o.id} op={o} />
                ))}
            </Stack>
          ))}
        </Stack>
      )}
    </ApiConsoleLayout>
  );
}
