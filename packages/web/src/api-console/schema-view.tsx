// A JSON Schema shown as a nested list of members: name, type, required, choices and description.
import { Code, List, Text } from "@mantine/core";
import { choicesOf, typeOf, type JsonSchema } from "./openapi-model";

function nested(schema: JsonSchema): JsonSchema | undefined {
  if (schema.properties) return schema;
  if (schema.type === "array" && schema.items?.properties) return schema.items;
  const variant = (schema.anyOf ?? schema.oneOf)?.find((v) => v.properties);
  return variant;
}

export function SchemaView({ schema, depth = 0 }: { schema: JsonSchema; depth?: number }) {
  const members = Object.entries(schema.properties ?? {});
  if (members.length === 0) return <Text size="sm">{typeOf(schema)}</Text>;
  const required = new Set(schema.required ?? []);
  return (
    <List size="sm" spacing={2} withPadding={depth > 0}>
      {members.map(([name, member]) => {
        const choices = choicesOf(member);
        const inner = depth < 4 ? nested(member) : undefined;
        return (
          <List.Item key={name}>
            <Code>{name}</Code>{" "}
            <Text span size="sm" c="gray.8">
              {typeOf(member)}
            </Text>
            {required.has(name) && (
              <Text span size="sm" fw={700}>
                {" "}
                required
              </Text>
            )}
            {choices && (
              <Text span size="sm">
                {" "}
                — one of {choices.join(", ")}
              </Text>
            )}
            {member.description && (
              <Text span size="sm">
                {" "}
                — {member.description}
              </Text>
            )}
            {inner && <SchemaView schema={inner} depth={depth + 1} />}
          </List.Item>
        );
      })}
    </List>
  );
}
