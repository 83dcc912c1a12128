// Order counts per store, status and payment status, kept by triggers so list totals need no count(*).
import { sql } from "kysely";
import type { MigrationDefinition } from "../../core/db/index.js";

// Why triggers: every path that writes orders (API, imports, fulfil, refunds, subscriptions, the demo seed,
// a hand-run SQL fix) keeps the counts right without knowing about them. The cost: order writes of one
// store queue on its counter rows (PostgreSQL row locks until commit), harmless at shop write rates.
const sqliteTriggers = [
  sql`create trigger store_orders_count_insert after insert on store_orders begin
    insert into store_order_counts (store_id, status, payment_status, n)
    values (new.store_id, new.status, new.payment_status, 1)
    on conflict (store_id, status, payment_status) do update set n = n + 1;
  end`,
  sql`create trigger store_orders_count_delete after delete on store_orders begin
    update store_order_counts set n = n - 1
    where store_id = old.store_id and status = old.status and payment_status = old.payment_status;
  end`,
  sql`create trigger store_orders_count_update after update of store_id, status, payment_status on store_orders
    when old.store_id is not new.store_id or old.status is not new.status
      or old.payment_status is not new.payment_status begin
    update store_order_counts set n = n - 1
    where store_id = old.store_id and status = old.status and payment_status = old.payment_status;
    insert into store_order_counts (store_id, status, payment_status, n)
    values (new.store_id, new.status, new.payment_status, 1)
    on conflict (store_id, status, payment_status) do update set n = n + 1;
  end`,
];

// Statement-level triggers with transition tables: one upsert per statement, not per row. Row triggers
// made a 100,000-order seed ten times slower, every row rewriting the same counter rows in one transaction.
const postgresTriggers = [
  sql`create function store_orders_count_insert() returns trigger language plpgsql as $$
  begin
    insert into store_order_counts (store_id, status, payment_status, n)
    select store_id, status, payment_status, count(*) from inserted group by 1, 2, 3
    on conflict (store_id, status, payment_status) do update set n = store_order_counts.n + excluded.n;
    return null;
  end $$`,
  sql`create trigger store_orders_count_insert after insert on store_orders
    referencing new table as inserted for each statement execute function store_orders_count_insert()`,
  sql`create function store_orders_count_delete() returns trigger language plpgsql as $$
  begin
    update store_order_counts c set n = c.n - d.n
    from (select store_id, status, payment_status, count(*) as n from deleted group by 1, 2, 3) d
    where c.store_id = d.store_id and c.status = d.status and c.payment_status = d.payment_status;
    return null;
  end $$`,
  sql`create trigger store_orders_count_delete after delete on store_orders
    referencing old table as deleted for each statement execute function store_orders_count_delete()`,
  // Transition tables rule out a column list, so this runs after every update statement; rows whose
  // status did not change cancel out and nothing is written.
  sql`create function store_orders_count_update() returns trigger language plpgsql as $$
  begin
    insert into store_order_counts (store_id, status, payment_status, n)
    select store_id, status, payment_status, sum(d) from (
      select store_id, status, payment_status, 1 as d from new_rows
      union all
      select store_id, status, payment_status, -1 as d from old_rows
    ) changes
    group by 1, 2, 3
    having sum(d) <> 0
    on conflict (store_id, status, payment_status) do update set n = store_order_counts.n + excluded.n;
    return null;
  end $$`,
  sql`create trigger store_orders_count_update after update on store_orders
    referencing old table as old_rows new table as new_rows
    for each statement execute function store_orders_count_update()`,
];

export const orderCountsMigration: MigrationDefinition = {
  name: "0283_order_counts",
  async up({ db, types, dialect }) {
    await db.schema
      .createTable("store_order_counts")
      .addColumn("store_id", types.bigint, (c) => c.notNull().references("stores.id").onDelete("cascade"))
      .addColumn("status", "text", (c) => c.notNull())
      .addColumn("payment_status", "text", (c) => c.notNull())
      .addColumn("n", types.bigint, (c) => c.notNull())
      .addPrimaryKeyConstraint("store_order_counts_pk", ["store_id", "status", "payment_status"])
      .execute();
    await sql`insert into store_order_counts (store_id, status, payment_status, n)
      select store_id, status, payment_status, count(*) from store_orders
      group by store_id, status, payment_status`.execute(db);
    for (const statement of dialect === "postgres" ? postgresTriggers : sqliteTriggers)
      await statement.execute(db);
  },
};
