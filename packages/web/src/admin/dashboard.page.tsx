// The store dashboard: revenue, orders and new customers over time, and the top products (analytics API).
import { AreaChart, BarChart } from "@mantine/charts";
import "@mantine/charts/styles.css";
import { Card, Grid, SegmentedControl, SimpleGrid, Skeleton, Text, Title } from "@mantine/core";
import { useState } from "react";
import { storeClient } from "../api/store-client";
import { ErrorAlert } from "../app/error-alert";
import { isoDay, money } from "../app/format";
import { PageHeader } from "../app/page-header";
import { useAsync } from "../app/use-async";
import type { AdminStore } from "./admin-store";

const RANGES = { "30": "30 days", "90": "90 days", "365": "12 months" } as const;
type Range = keyof typeof RANGES;

function Stat({ label, value }: { label: string; value: string | undefined }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {value === undefined ? (
        <Skeleton h={28} mt={4} />
      ) : (
        <Text fz="xl" fw={700}>
          {value}
        </Text>
      )}
    </Card>
  );
}

export default function DashboardPage({ store }: { store: AdminStore }) {
  const { subdomain } = store;
  const [range, setRange] = useState<Range>("30");
  const days = Number(range);
  const from = isoDay(new Date(Date.now() - (days - 1) * 86_400_000));
  const to = isoDay(new Date());
  const granularity = days > 90 ? "month" : days > 31 ? "week" : "day";
  const api = storeClient(subdomain);
  // One call per chart, all in flight at once; each card and chart shows as soon as its own answer lands.
  const revenue = useAsync(() => api.analytics.revenue({ from, to, granularity }), [subdomain, from, to]);
  const sales = useAsync(() => api.analytics.sales({ from, to, limit: 5 }), [subdomain, from, to]);
  const customers = useAsync(
    () => api.analytics.customerTimeline({ from, to, granularity }),
    [subdomain, from, to],
  );
  const currency = revenue.data?.currency ?? store.currency;
  const timeline = (revenue.data?.timeline ?? []).map((p) => ({
    date: p.date,
    Revenue: Number(p.revenue),
    Orders: p.orders,
  }));

  return (
    <>
      <PageHeader title="Dashboard">
        <SegmentedControl
          aria-label="Period"
          value={range}
          onChange={(v) => setRange(v as Range)}
          data={Object.entries(RANGES).map(([value, label]) => ({ value, label }))}
        />
      </PageHeader>
      <ErrorAlert error={revenue.error ?? sales.error ?? customers.error} />
      <SimpleGrid cols={{ base: 2, md: 4 }} mb="md">
        <Stat label="Revenue" value={revenue.data && money(revenue.data.total_revenue, currency)} />
        <Stat label="Orders" value={revenue.data?.total_orders.toLocaleString()} />
        <Stat
          label="Average order"
          value={revenue.data && money(revenue.data.average_order_value, currency)}
        />
        <Stat
          label="New customers"
          value={customers.data?.new_customers.toLocaleString()}
        />
      </SimpleGrid>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              Revenue and orders
            </Title>
            <AreaChart
              h={260}
              data={timeline}
              dataKey="date"
              withRightYAxis
              rightYAxisLabel="Orders"
              series={[
                { name: "Revenue", color: "blue.7" },
                { name: "Orders", color: "teal.7", yAxisId: "right" },
              ]}
              valueFormatter={(v) => v.toLocaleString()}
              curveType="monotone"
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              New customers
            </Title>
            <BarChart
              h={260}
              data={customers.data?.timeline ?? []}
              dataKey="date"
              series={[{ name: "new_customers", label: "New customers", color: "violet.7" }]}
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={12}>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              Top products
            </Title>
            <BarChart
              h={220}
              orientation="vertical"
              yAxisProps={{ width: 140 }}
              data={(sales.data?.top_products ?? []).map((p) => ({
                name: p.name,
                Revenue: Number(p.revenue),
              }))}
              dataKey="name"
              series={[{ name: "Revenue", color: "blue.7" }]}
            />
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
