import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite loads its WASM and extension bundles from its own package folder at run time,
  // so it must stay a plain Node require instead of being bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-postgis", "@node-rs/argon2"],
  poweredByHeader: false,
};

export default nextConfig;
