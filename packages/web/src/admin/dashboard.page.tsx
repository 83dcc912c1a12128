// The store dashboard: revenue, orders and new customers over time, and the top products (analytics API).
import { AreaChart, BarChart } from "@mantine/charts";
import "@mantine/charts/styles.css";
import { Card, Grid, SegmentedControl, SimpleGrid, Skeleton, Text, Title } from "@mantine/core";
import { memo, useDeferredValue, useMemo, useState, type ReactNode } from "react";
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

/**
 * A chart's card: a placeholder of the chart's height until its data (or its error) is there.
 * Memoised, so one chart's answer re-renders that chart only, not the others; and deferred, so the figures
 * that arrived with the data commit and paint first while the chart renders in interruptible slices.
 */
const ChartCard = memo(function ChartCard({
  title,
  height,
  ready,
  children,
}: {
  title: string;
  height: number;
  ready: boolean;
  children: () => ReactNode;
}) {
  const show = useDeferredValue(ready);
  const placeholder = <Skeleton h={height} />;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {show ? children() : placeholder}
    </Card>
  );
});

const formatCount = (v: number) => v.toLocaleString();

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
  const timeline = useMemo(
    () =>
      (revenue.data?.timeline ?? []).map((p) => ({
        date: p.date,
        Revenue: Number(p.revenue),
        Orders: p.orders,
      })),
    [revenue.data],
  );
  const topProducts = useMemo(
    () => (sales.data?.top_products ?? []).map((p) => ({ name: p.name, Revenue: Number(p.revenue) })),
    [sales.data],
  );
  const newCustomers = customers.data?.timeline;

  // Stable render functions: a chart card re-renders only when its own data changes.
  const revenueChart = useMemo(
    () => () => (
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
        valueFormatter={formatCount}
        curveType="monotone"
      />
    ),
    [timeline],
  );
  const customersChart = useMemo(
    () => () => (
      <BarChart
        h={260}
        data={newCustomers ?? []}
        dataKey="date"
        series={[{ name: "new_customers", label: "New customers", color: "violet.7" }]}
      />
    ),
    [newCustomers],
  );
  const productsChart = useMemo(
    () => () => (
      <BarChart
        h={220}
        orientation="vertical"
        yAxisProps={{ width: 140 }}
        data={topProducts}
        dataKey="name"
        series={[{ name: "Revenue", color: "blue.7" }]}
      />
    ),
    [topProducts],
  );

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
        <Stat label="New customers" value={customers.data?.new_customers.toLocaleString()} />
      </SimpleGrid>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <ChartCard
            title="Revenue and orders"
            height={260}
            ready={revenue.data !== undefined || revenue.error !== undefined}
          >
            {revenueChart}
          </ChartCard>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <ChartCard
            title="New customers"
            height={260}
            ready={newCustomers !== undefined || customers.error !== undefined}
          >
            {customersChart}
          </ChartCard>
        </Grid.Col>
        <Grid.Col span={12}>
          <ChartCard
            title="Top products"
            height={220}
            ready={sales.data !== undefined || sales.error !== undefined}
          >
            {productsChart}
          </ChartCard>
        </Grid.Col>
      </Grid>
    </>
  );
}
