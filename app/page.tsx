import { redirect } from "next/navigation";

import { currentActor } from "@/lib/access/request";
import { landingPath } from "@/lib/access/roles";

export default async function Home() {
  const actor = await currentActor();
  redirect(actor ? landingPath(actor.role, "/peta") : "/peta");
}
