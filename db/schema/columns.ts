import { customType } from "drizzle-orm/pg-core";

/** Raw bytes (photos, minutes, the basemap file), read back as Uint8Array. */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType() {
    return "bytea";
  },
});
