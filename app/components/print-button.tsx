"use client";

/**
 * Opens the browser's print dialog, where a person prints or saves as PDF: nothing leaves the
 * machine. The print CSS (globals.css) lays the page out on A4.
 */
export function PrintButton({ label = "Cetak / PDF" }: { label?: string }) {
  return (
    <button type="button" className="button screen-only" onClick={() => window.print()}>
      {label}
    </button>
  );
}
