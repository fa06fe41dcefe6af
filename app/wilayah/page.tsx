import { redirect } from "next/navigation";

import { homeAreaOf, pageContext } from "@/lib/access";
import { homeKabkotaCode } from "@/lib/areas";

export default async function AreasIndex() {
  const ctx = await pageContext("/wilayah");
  redirect(`/wilayah/${homeAreaOf(ctx.actor) ?? (await homeKabkotaCode(ctx))}`);
}
