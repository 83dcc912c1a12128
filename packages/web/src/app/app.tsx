// The console's root: theme, notifications and the route table.
import "@mantine/core/styles.css";
import { MantineProvider } from "@mantine/core";
import { Suspense } from "react";
import { PageLoader } from "./page-loader";
import { Routes } from "./routes";
import { SessionProvider } from "./session";
import { cssVariables, theme } from "./theme";

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      <SessionProvider>
        <Suspense fallback={<PageLoader />}>
          <Routes />
        </Suspense>
      </SessionProvider>
    </MantineProvider>
  );
}
