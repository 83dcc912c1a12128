// A table of rows that scrolls sideways on narrow screens, with an empty state and optional paging.
import { Center, Pagination, Table, Text } from "@mantine/core";
import { paginationControlProps } from "./pagination-labels";
import type { ReactNode } from "react";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

export interface DataTableProps<T> {
  caption: string;
  rows: readonly T[] | undefined;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string | number;
  empty?: string;
  page?: { current: number; last: number; onChange: (page: number) => void };
}

export function DataTable<T>({ caption, rows, columns, rowKey, empty, page }: DataTableProps<T>) {
  return (
    <>
      <Table.ScrollContainer minWidth={560}>
        <Table striped highlightOnHover verticalSpacing="xs">
          <Table.Caption>{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.header} scope="col">
                  {c.header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rows ?? []).map((row) => (
              <Table.Tr key={rowKey(row)}>
                {columns.map((c) => (
                  <Table.Td key={c.header}>{c.cell(row)}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {rows !== undefined && rows.length === 0 && (
        <Text c="dimmed" ta="center" py="md">
          {empty ?? "Nothing here yet."}
        </Text>
      )}
      {page !== undefined && page.last > 1 && (
        <Center mt="md">
          <Pagination
            total={page.last}
            value={page.current}
            onChange={page.onChange}
            aria-label="Pages"
            getControlProps={paginationControlProps}
          />
        </Center>
      )}
    </>
  );
}
