import { useSyncExternalStore } from "react";

const noSubscription = () => () => undefined;

/** False in the server's HTML and during hydration, true once React has taken over: a tap before that would be lost. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
