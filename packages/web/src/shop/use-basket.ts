// The buyer's basket for a store: created on first add, kept in localStorage, updated by every change.
import { useCallback, useEffect, useMemo, useState } from "react";
import { ApiError } from "../api/console-api";
import { savedBasketToken, saveBasketToken } from "./basket-store";
import { checkoutApi, type Basket } from "./checkout-api";

export interface BasketState {
  basket: Basket | undefined;
  token: string | undefined;
  error: unknown;
  busy: boolean;
  /** Runs a change on the basket (creating one first when there is none) and keeps its answer. */
  change: (work: (token: string) => Promise<Basket>) => Promise<Basket | undefined>;
  /** Forgets the basket (after its order is placed). */
  reset: () => void;
}

export function useBasket(subdomain: string): BasketState {
  const api = useMemo(() => checkoutApi(subdomain), [subdomain]);
  const [token, setToken] = useState<string | undefined>(() => savedBasketToken(subdomain));
  const [basket, setBasket] = useState<Basket | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (token === undefined) return;
    api.basket(token).then(
      (b) => {
        if (b.status === "open") setBasket(b);
        else {
          saveBasketToken(subdomain, undefined);
          setToken(undefined);
        }
      },
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 404) {
          saveBasketToken(subdomain, undefined);
          setToken(undefined);
        } else setError(e);
      },
    );
  }, [api, subdomain, token]);

  const change = useCallback(
    async (work: (token: string) => Promise<Basket>) => {
      setBusy(true);
      setError(undefined);
      try {
        let t = token;
        if (t === undefined) {
          const created = await api.createBasket();
          t = created.token ?? "";
          saveBasketToken(subdomain, t);
          setToken(t);
        }
        const b = await work(t);
        setBasket(b);
        return b;
      } catch (e) {
        setError(e);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [api, subdomain, token],
  );
  const reset = useCallback(() => {
    saveBasketToken(subdomain, undefined);
    setToken(undefined);
    setBasket(undefined);
  }, [subdomain]);
  return { basket, token, error, busy, change, reset };
}
