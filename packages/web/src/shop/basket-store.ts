// The buyer's basket token, kept per store in this browser (it is their key to the basket and order).
const key = (subdomain: string) => `pixl.basket.${subdomain}`;

export function savedBasketToken(subdomain: string): string | undefined {
  try {
    return window.localStorage.getItem(key(subdomain)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function saveBasketToken(subdomain: string, token: string | undefined): void {
  try {
    if (token === undefined) window.localStorage.removeItem(key(subdomain));
    else window.localStorage.setItem(key(subdomain), token);
  } catch {
    // Storage refused (private mode): the basket lives as long as the page.
  }
}
