// Builds the console into dist/ (served by `pixl serve` at /); the dev server proxies the APIs to a running Pixl.
import { defineConfig } from "vite";

const api = process.env.PIXL_DEV_API ?? "http://127.0.0.1:8080";

export default defineConfig({
  resolve: { conditions: ["@pixl/source"] },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    // The chunk graph, read by `npm run bench -- web` to size what each screen loads.
    manifest: true,
    // Vendor code the storefront does not need (charts) stays in its own chunks, loaded by the admin only.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // Mantine marks its modules "use client" (for React Server Components); meaningless in a SPA bundle.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(
      [
        "/api",
        "/REST.svc",
        "/soap.asmx",
        "/blobs",
        "/media",
        "/studio/files",
        "/studio/invoices",
        "/studio/pay",
        "/studio/editor",
      ].map((p) => [p, api]),
    ),
  },
});
