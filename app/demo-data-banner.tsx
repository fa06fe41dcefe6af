import { areaInventory, homeKabkotaCode } from "@/lib/areas";
import { processContext } from "@/lib/context";

/** Says plainly, on every page, when what is shown is generated sample data. */
export async function DemoDataBanner() {
  const ctx = await processContext();
  const { hasDemoData } = await areaInventory({ ctx, input: { kabkotaCode: await homeKabkotaCode(ctx) } });
  if (!hasDemoData) return null;
  return (
    <p className="demo-banner" role="note">
      <strong>Data contoh.</strong> Batas wilayah dan angka di aplikasi ini dibuat untuk peragaan, bukan data resmi.
    </p>
  );
}
