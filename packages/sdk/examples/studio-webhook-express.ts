// Mirrors the seed's Node.js "Verify Webhook" receiver: base64 HMAC-SHA256 of the raw body with the
// Application Secret Code, from the HTTP_X_PXZ_CUSTOMER_HMAC_SHA256 header. The seed's express.text() only
// reads text/plain; `type: "*/*"` reads JSON and form bodies as text too, so the bytes are the signed ones.
import { verifyStudioSignature } from "@pixl/sdk";
import express, { type Express } from "express";
import { isMain, required, type ExampleEnv, type Print } from "./support/example-env.js";

export function createCallbackReceiver(env: ExampleEnv = process.env, print: Print = console.log): Express {
  const secret = required(env, "MY_APPLICATION_SECRET_CODE");
  const app = express();
  app.post("/callback", express.text({ type: "*/*" }), (req, res) => {
    const hmacHeader = req.header("HTTP_X_PXZ_CUSTOMER_HMAC_SHA256");
    void verifyStudioSignature(typeof req.body === "string" ? req.body : "", hmacHeader, secret).then(
      (ok) => {
        print(ok ? "verification success" : "verification fail");
        res.send("OK");
      },
    );
  });
  return app;
}

if (isMain(import.meta.url))
  createCallbackReceiver().listen(3000, "127.0.0.1", () =>
    console.log("Example app listening at http://localhost:3000"),
  );
