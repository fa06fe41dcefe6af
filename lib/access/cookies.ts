/** The value of one cookie in a Cookie header. */
export function cookieOf(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key !== name) continue;
    // A value that is not valid percent-encoding is no session (401), not a crash.
    try {
      return decodeURIComponent(rest.join("="));
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Where the login page may send a person back to: a path of this app only, so that no link can
 * turn the login into a redirect to another site. Anything else goes to the map.
 */
export function safeReturnPath(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])[^\s\\]*$/.test(value) ? value : "/peta";
}
