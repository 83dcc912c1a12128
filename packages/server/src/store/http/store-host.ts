// Reads the store subdomain out of a Host header: `shop.example.com` under store domain `example.com` → `shop`.

/**
 * The subdomain the Host names, or undefined when the host is not a store host (the bare domain, an IP,
 * another name): then only the token decides the store.
 */
export function subdomainFromHost(host: string | undefined, storeDomain: string): string | undefined {
  if (!host) return undefined;
  const name = host.replace(/:\d+$/, "").replace(/\.$/, "").toLowerCase();
  const suffix = `.${storeDomain.toLowerCase()}`;
  if (!name.endsWith(suffix)) return undefined;
  const label = name.slice(0, -suffix.length);
  return label === "" || label.includes(".") ? undefined : label;
}
