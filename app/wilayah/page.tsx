import { redirect } from "next/navigation";

import { pageContext } from "@/lib/access/request";
import { homeAreaOf } from "@/lib/access/scope";
import { homeKabkotaCode } from "@/lib/areas";

export default async function AreasIndex() {
  const ctx = await pageContext("/wilayah");
  redirect(`/wilayah/${homeAreaOf(ctx.actor) ?? (await homeKabkotaCode(ctx))}`);
}
