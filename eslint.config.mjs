import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import drizzle from "eslint-plugin-drizzle";

const DEEP_IMPORT = {
  regex: String.raw`^(@/|(\.\.?/)+)lib/[^/]+/(?!browser$)`,
  message: "Dari luar folder lib/<folder>, impor lewat @/lib/<folder> (index.ts); di dalamnya, jalur relatif.",
};
const OUT_OF_FOLDER = "Jalur relatif keluar dari folder lib/<folder>: impor lewat @/lib/<folder> atau @/lib/<berkas>.";
// Nothing in the app or the domain runs a script: the CLI and the bench sit on top, in scripts/.
const LIB_ONLY = { regex: String.raw`^(@/|(\.\.?/)+)scripts(/|$)`, message: "lib/ dan app/ tidak mengimpor scripts/." };

/** `no-restricted-imports` for `files`: deep imports into lib/ folders, and `patterns`. */
function boundaryRules(files, patterns) {
  return [
    { files: [files].flat(), rules: { "no-restricted-imports": ["error", { patterns: [DEEP_IMPORT, ...patterns] }] } },
  ];
}

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
    // Import cycles between modules: with every folder entered through its index.ts, this is also
    // a cycle between lib/ folders. Type-only imports are erased and do not count.
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  // One public surface per lib/ folder: from outside it, `@/lib/<folder>` (its index.ts), or
  // `@/lib/<folder>/browser` for the pure part a client component may load; inside it, relative
  // paths that stay inside. test/ is exempt: a unit test may reach the module it tests.
  ...boundaryRules("app/**", [
    {
      group: ["@/db/*", "@/db", "../db/*", "../../db/*"],
      allowTypeImports: true,
      message: "app/ memanggil lib/, bukan db/ (kecuali impor tipe).",
    },
    LIB_ONLY,
  ]),
  ...boundaryRules("lib/*.ts", [{ regex: String.raw`^\./[^/]+/`, message: OUT_OF_FOLDER }, LIB_ONLY]),
  ...[1, 2, 3].flatMap((depth) =>
    boundaryRules(`lib/*/${"*/".repeat(depth - 1)}*.{ts,tsx}`, [
      { regex: String.raw`^(\.\./){${depth}}`, message: OUT_OF_FOLDER },
      LIB_ONLY,
    ]),
  ),
  ...boundaryRules(["scripts/**", "db/**", "*.ts", "*.mjs"], []),
];

export default config;
