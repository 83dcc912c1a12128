// The contact's account: balance, credit, trial images left, and invoices (PDF).
import { Anchor, Card, SimpleGrid, Text, Title } from "@mantine/core";
import { studioCall } from "../api/studio-client";
import { DataTable } from "../app/data-table";
import { ErrorAlert } from "../app/error-alert";
import { date } from "../app/format";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";

export default function AccountPage() {
  const contact = useAsync(() => studioCall("getContact", {}), []);
  const invoices = useAsync(() => studioCall("listInvoices", {}), []);
  const c = contact.data?.Contact;
  return (
    <>
      <PageHeader title="Account" />
      <ErrorAlert error={contact.error ?? invoices.error} />
      {c && (
        <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
          <Card withBorder>
            <Text size="sm" c="dimmed">
              Balance
            </Text>
            <Text fz="xl" fw={700}>
              {c.ContactAccountBalance.Amount.toFixed(2)} {c.ContactAccountBalance.Currency}
            </Text>
          </Card>
          <Card withBorder>
            <Text size="sm" c="dimmed">
              Trial images left
            </Text>
            <Text fz="xl" fw={700}>
              {c.NumberOfTrialImages}
            </Text>
          </Card>
          <Card withBorder>
            <Text size="sm" c="dimmed">
              Days of credit
            </Text>
            <Text fz="xl" fw={700}>
              {c.ContactDaysOfCredit}
            </Text>
          </Card>
        </SimpleGrid>
      )}
      <Title order={2} size="h4" mb="xs">
        Invoices
      </Title>
      <DataTable
        caption="Invoices"
        rows={invoices.data?.Invoices}
        rowKey={(i) => i.InvoiceId}
        columns={[
          { header: "Invoice", cell: (i) => <Anchor href={i.InvoiceUrl}>{i.InvoiceId} (PDF)</Anchor> },
          { header: "Date", cell: (i) => date(i.CreatedDate) },
          { header: "Amount due", cell: (i) => i.AmountDue },
          { header: "Paid", cell: (i) => (i.IsPaid ? "yes" : <Anchor href={i.PaymentUrl}>Pay</Anchor>) },
        ]}
        empty="No invoices yet."
      />
    </>
  );
}
