// The sandbox gateway's hosted payment page: a small server-rendered card form (no scripts) and its result.

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** Headers of every page: nothing loads from elsewhere, no framing (click-jacking), forms post only here. */
export const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
} as const;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#222}
label{display:block;margin:.8rem 0 .2rem}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1.2rem;padding:.7rem 1.2rem;font-size:1rem}.note{color:#666;font-size:.85rem}.error{color:#b00020}</style>
</head><body>${body}</body></html>`;
}

export interface PayPageInput {
  storeName: string;
  orderNumber: string;
  amount: string;
  currency: string;
  error?: string;
}

export function renderPayPage(p: PayPageInput): string {
  return layout(
    `Pay ${p.storeName}`,
    `<h1>${escapeHtml(p.storeName)}</h1>
<p>Order ${escapeHtml(p.orderNumber)}: <strong>${escapeHtml(p.amount)} ${escapeHtml(p.currency)}</strong></p>
${p.error === undefined ? "" : `<p class="error" role="alert">${escapeHtml(p.error)}</p>`}
<form method="post">
<label for="card_number">Card number</label><input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" maxlength="23" required>
<label for="exp">Expiry (MM/YY)</label><input id="exp" name="exp" placeholder="12/34" maxlength="7" required>
<label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" maxlength="4" required>
<button type="submit">Pay ${escapeHtml(p.amount)} ${escapeHtml(p.currency)}</button>
</form>
<p class="note">Sandbox: no money moves. 4242 4242 4242 4242 pays; 4000 0000 0000 0002 is declined.</p>`,
  );
}

export function renderResultPage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
