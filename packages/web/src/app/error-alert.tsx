// An API failure shown to a person: the server's own message, announced to screen readers.
import { Alert } from "@mantine/core";
import { describeError } from "../api/store-client";

export function ErrorAlert({ error, title = "Something went wrong" }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <Alert color="red" title={title} role="alert" my="sm">
      {describeError(error)}
    </Alert>
  );
}
