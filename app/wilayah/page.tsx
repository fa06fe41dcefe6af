import { redirect } from "next/navigation";
import { homeKabkotaCode } from "@/lib/areas";
import { processContext } from "@/lib/context";

export default async function AreasIndex() {
  redirect(`/wilayah/${await homeKabkotaCode(await processContext())}`);
}
