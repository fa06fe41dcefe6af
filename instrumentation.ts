// As the server starts: rewrites forwarding headers from each connection (lib/access/peer.ts),
// and opens (and migrates) the database, so the first visitor does not wait for PGlite to boot.
// NEXT_RUNTIME is Next's own flag: both live in the Node runtime only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  (await import("./lib/access")).installPeerHook();
  const { database } = await import("./lib/db");
  const started = Date.now();
  database().then(
    (handle) => console.log(`Tepat: basis data ${handle.engine} siap dalam ${Date.now() - started} ms.`),
    (error: unknown) => console.error("Tepat: basis data tidak dapat dibuka:", error),
  );
}
