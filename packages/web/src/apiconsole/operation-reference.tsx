// The reference of one operation, from the OpenAPI document: parameters, body and answer schemas.
import { Accordion, Code, ScrollArea, Table, Text } from "@mantine/core";
import type { Operation } from "./openapi-operations";

const json = (v: unknown) => JSON.stringify(v, null, 2);

/** `string`, `integer`, `string | number` … of a parameter's schema. */
function typeOf(schema: Record<string, unknown> | undefined): string {
  if (!schema) return "";
  const t = schema["type"];
  if (typeof t === "string") return t;
  const options = (schema["anyOf"] ?? schema["oneOf"]) as Record<string, unknown>[] | undefined;
  return options ? options.map(typeOf).join(" | ") : "";
}

export function OperationReference({ op }: { op: Operation }) {
  return (
    <Accordion multiple defaultValue={["parameters"]} variant="contained">
      <Accordion.Item value="parameters">
        <Accordion.Control>Parameters ({op.parameters.length})</Accordion.Control>
        <Accordion.Panel>
          {op.parameters.length === 0 ? (
            <Text c="dimmed">None.</Text>
          ) : (
            <Table.ScrollContainer minWidth={320}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>In</Table.Th>
                    <Table.Th>Type</Table.Th>
                    <Table.Th>Required</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {op.parameters.map((p) => (
                    <Table.Tr key={`${p.in}:${p.name}`}>
                      <Table.Td>
                        <Code>{p.name}</Code>
                      </Table.Td>
                      <Table.Td>{p.in}</Table.Td>
                      <Table.Td>{typeOf(p.schema)}</Table.Td>
                      <Table.Td>{p.required ? "yes" : "no"}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Accordion.Panel>
      </Accordion.Item>
      {op.body !== undefined && (
        <Accordion.Item value="body">
          <Accordion.Control>Request body</Accordion.Control>
          <Accordion.Panel>
            <ScrollArea.Autosize mah={320}>
              <Code block>{json(op.body)}</Code>
            </ScrollArea.Autosize>
          </Accordion.Panel>
        </Accordion.Item>
      )}
      <Accordion.Item value="responses">
        <Accordion.Control>Responses</Accordion.Control>
        <Accordion.Panel>
          <ScrollArea.Autosize mah={320}>
            <Code block>{json(op.responses)}</Code>
          </ScrollArea.Autosize>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
