import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

/** A production `next start` in a child process, for the benchmarks and the browser tests. */
export interface AppProcess {
  baseUrl: string;
  child: ChildProcess;
  log(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function spawnApp(env: NodeJS.ProcessEnv): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"],
    { env: { ...env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** Polls `path` until it answers 200; returns the milliseconds waited. */
export async function waitForOk(app: AppProcess, urlPath: string, timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (app.child.exitCode !== null) throw new Error(`next start exited ${app.child.exitCode}:\n${app.log()}`);
    try {
      if ((await fetch(`${app.baseUrl}${urlPath}`)).ok) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${urlPath} did not answer 200 within ${timeoutMs / 1000} s:\n${app.log()}`);
}
