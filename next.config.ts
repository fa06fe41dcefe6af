import type { NextConfig } from "next";

import { env } from "./lib/env";

/**
 * The app loads nothing from elsewhere. Scripts and styles may be inline: Next's bootstrap
 * scripts are inline, and a nonce would need every page rendered per request; MapLibre and
 * React set inline styles. MapLibre draws into blob: and data: images and may start blob:
 * workers. Development needs eval for React's debugging.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${env().nodeEnv === "development" ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const nextConfig: NextConfig = {
  // PGlite loads its WASM and extension bundles from its own package folder at run time,
  // so it must stay a plain Node require instead of being bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@electric-sql/pglite-postgis", "@node-rs/argon2"],
  poweredByHeader: false,
  async rewrites() {
    // Browsers still ask for /favicon.ico on their own; answer with the app's icon, not a 404.
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: contentSecurityPolicy },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          // The verval form asks the phone's location for its geotag, from this origin only.
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(self)" },
        ],
      },
      {
        // Behind HTTPS only: x-forwarded-proto is the connection's, or a trusted proxy's (lib/access/peer.ts).
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=31536000" }],
      },
    ];
  },
};

export default nextConfig;
