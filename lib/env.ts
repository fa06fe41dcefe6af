import path from "node:path";

import { z } from "zod";

/** Every environment variable Tepat reads, parsed once. Nothing else touches process.env. */
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
      message: "DATABASE_URL harus berbentuk postgres://pengguna:sandi@host:port/basisdata",
    }),
  TEPAT_DATA_DIR: z.string().trim().min(1).optional(),
  /** A PostGIS database the bench clones for its server runs (it must hold no Tepat data). */
  BENCH_DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined)),
  /**
   * Addresses of the reverse proxies in front of the app, comma-separated. Only a request whose
   * connection comes from one of them may name the client (X-Forwarded-For), host and scheme.
   */
  TEPAT_TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.union([z.ipv4(), z.ipv6()], {
          error: "TEPAT_TRUSTED_PROXIES: daftar alamat IP dipisah koma, mis. 127.0.0.1,10.0.0.2",
        }),
      ),
    ),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type Env = {
  databaseUrl: string | undefined;
  benchDatabaseUrl: string | undefined;
  dataDir: string;
  /** Addresses of trusted reverse proxies, normalised (`::ffff:` dropped); empty trusts none. */
  trustedProxies: string[];
  nodeEnv: "development" | "production" | "test";
};

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Variabel lingkungan tidak valid:\n${issues.join("\n")}`);
  }
  cached = {
    databaseUrl: parsed.data.DATABASE_URL,
    benchDatabaseUrl: parsed.data.BENCH_DATABASE_URL,
    // The data directory is chosen at run time; there is nothing under it for the bundler to trace.
    dataDir: path.resolve(/*turbopackIgnore: true*/ parsed.data.TEPAT_DATA_DIR ?? ".data"),
    trustedProxies: parsed.data.TEPAT_TRUSTED_PROXIES.map(plainAddress),
    nodeEnv: parsed.data.NODE_ENV,
  };
  return cached;
}

/** An IPv4 address mapped into IPv6 (`::ffff:10.0.0.1`, as Node reports it) written plainly. */
export function plainAddress(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "").toLowerCase();
}
