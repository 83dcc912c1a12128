// Billing periods: where a period of N days, weeks, months or years that starts at an instant ends (UTC).
import type { BillingInterval } from "./subscription.tables.js";

const DAY = 86_400_000;

/**
 * `start` plus `count` intervals. Months and years follow the UTC calendar and clamp to the month's last
 * day (Jan 31 + 1 month = Feb 28/29), as card networks and Stripe bill.
 */
export function addInterval(start: number, interval: BillingInterval, count: number): number {
  if (interval === "day") return start + count * DAY;
  if (interval === "week") return start + count * 7 * DAY;
  const d = new Date(start);
  const months = interval === "month" ? count : count * 12;
  const target = d.getUTCMonth() + months;
  const year = d.getUTCFullYear() + Math.floor(target / 12);
  const month = ((target % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(
    year,
    month,
    Math.min(d.getUTCDate(), lastDay),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}
