// Billing: balance, trial images, days of credit, and the invoices with their PDFs and payment pages.
import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Table, Text, Title } from "@mantine/core";
import { studioClient } from "../api/studio-api";
import { useResource } from "../api/use-resource";
import { StudioLayout } from "./studio-layout";

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder>
      <Text size="sm" c="gray.8">
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={label}>
        {value}
      </Text>
    </Card>
  );
}

export default function BillingPage() {
  const contact = useResource("contact", async () => (await studioClient().getContact()).Contact);
  const invoices = useResource("invoices", async () => (await studioClient().listInvoices()).Invoices);
  const c = contact.data;
  return (
    <StudioLayout title="Billing">
      {(contact.error ?? invoices.error) && (
        <Alert color="red" role="alert">
          {(contact.error ?? invoices.error)?.message}
        </Alert>
      )}
      {c && (
        <SimpleGrid cols={{ base: 1, sm: 3 }} mb="lg">
          <Figure
            label="Balance"
            value={`${c.ContactAccountBalance.Amount.toFixed(2)} ${c.ContactAccountBalance.Currency}`}
          />
          <Figure label="Trial images left" value={String(c.NumberOfTrialImages)} />
          <Figure label="Days of credit" value={String(c.ContactDaysOfCredit)} />
        </SimpleGrid>
      )}
      <Title order={2} size="h3" mb="xs">
        Invoices
      </Title>
      {invoices.data?.length === 0 && <Text>No invoices yet: they are made at the start of each month.</Text>}
      {invoices.data && invoices.data.length > 0 && (
        <Table.ScrollContainer minWidth={340}>
          <Table aria-label="Invoices">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Invoice</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Amount due</Table.Th>
                <Table.Th>Links</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {invoices.data.map((i) => (
                <Table.Tr key={i.InvoiceId}>
                  <Table.Td>{i.InvoiceId}</Table.Td>
                  <Table.Td>{i.CreatedDate}</Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      {i.AmountDue}
                      <Badge
                        styles={{ root: { background: i.IsPaid ? "#1e6b30" : "#8a3c00", color: "#fff" } }}
                      >
                        {i.IsPaid ? "Paid" : "Open"}
                      </Badge>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap="sm">
                      <Anchor href={i.InvoiceUrl} target="_blank" rel="noreferrer">
                        PDF
                      </Anchor>
                      {i.PaymentUrl && (
                        <Anchor href={i.PaymentUrl} target="_blank" rel="noreferrer">
                          Pay
                        </Anchor>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </StudioLayout>
  );
}
