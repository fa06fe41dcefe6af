import { redirect } from "next/navigation";

import { currentActor, landingPath } from "@/lib/access";

export default async function Home() {
  const actor = await currentActor();
  redirect(actor ? landingPath(actor.role, "/peta") : "/peta");
}
