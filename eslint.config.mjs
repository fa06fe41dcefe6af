import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

const config = [
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "test-results/**",
      "next-env.d.ts",
      "db/migrations/**",
      "public/maplibre/**",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    plugins: { drizzle },
    rules: {
      // Every delete/update through drizzle names its rows; `db` and `tx` are the handles' names.
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx"] }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Arrows point one way, app → lib → db: pages and routes reach the database through lib/.
    files: ["app/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/db/*", "@/db", "../db/*", "../../db/*"],
              allowTypeImports: true,
              message: "app/ memanggil lib/, bukan db/ (kecuali impor tipe).",
            },
          ],
        },
      ],
    },
  },
];

export default config;
