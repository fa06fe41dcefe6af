"use client";

import { useEffect, useState } from "react";

import { INDICATORS, type IndicatorKey } from "@/lib/analytics/browser";
import { formatInteger } from "@/lib/format";

import { formatIndicator } from "../format";
import type { MapPick } from "../layers/use-map-pick.client";
import type { Span } from "../types";

/** The part of GET /api/households/{id} the card shows. */
interface HouseholdCardData {
  dtks_id: string;
  rt_code: string | null;
  desil: number | null;
  status: string;
  verval_status: string;
  member_count: number;
  programs_in_window: string[];
  reasons: string[];
}

const RT_FIGURES: Array<{ key: string; label: string }> = [
  { key: "households", label: "Rumah tangga" },
  { key: "eligible_households", label: "Layak" },
  { key: "receiving_households", label: "Menerima" },
  { key: "stacked_households", label: "Bertumpuk" },
  { key: "uncovered_eligible_households", label: "Layak belum menerima" },
];

function RtCard({ properties, indicator }: { properties: Record<string, unknown>; indicator: IndicatorKey }) {
  const value = properties[indicator];
  const code = String(properties.code);
  return (
    <>
      <h3 id="pick-card-title">{String(properties.name)}</h3>
      <dl>
        <dt>Kode</dt>
        <dd>{code}</dd>
        {RT_FIGURES.map(({ key, label }) => (
          <div key={key} style={{ display: "contents" }}>
            <dt>{label}</dt>
            <dd>{typeof properties[key] === "number" ? formatInteger(properties[key] as number) : "–"}</dd>
          </div>
        ))}
        <dt>{INDICATORS[indicator].label}</dt>
        <dd>{formatIndicator(indicator, typeof value === "number" ? value : null)}</dd>
      </dl>
      <a href={`/wilayah/${code}`}>Buka halaman RT →</a>
    </>
  );
}

function HouseholdCard({ id, span }: { id: number; span: Span }) {
  const [state, setState] = useState<{ data: HouseholdCardData | null; error: string | null }>({
    data: null,
    error: null,
  });
  useEffect(() => {
    let cancelled = false;
    // Each read of a household is logged by the route: the card asks only once the household is tapped.
    fetch(`/api/households/${id}?from=${span.from}&to=${span.to}`)
      .then(async (response) => {
        if (!response.ok) throw new Error(`Rumah tangga tidak dapat dimuat (HTTP ${response.status}).`);
        return (await response.json()) as HouseholdCardData;
      })
      .then(
        (data) => !cancelled && setState({ data, error: null }),
        (cause: Error) => !cancelled && setState({ data: null, error: cause.message }),
      );
    return () => {
      cancelled = true;
    };
  }, [id, span.from, span.to]);

  const { data, error } = state;
  if (error) return <p className="map-error">{error}</p>;
  if (!data) return <p className="map-status">Memuat rumah tangga …</p>;
  return (
    <>
      <h3 id="pick-card-title">Rumah tangga {data.dtks_id}</h3>
      <dl>
        <dt>RT</dt>
        <dd>{data.rt_code ?? "–"}</dd>
        <dt>Status</dt>
        <dd>
          {data.status}, verval {data.verval_status}
        </dd>
        <dt>Desil</dt>
        <dd>{data.desil ?? "–"}</dd>
        <dt>Anggota</dt>
        <dd>{formatInteger(data.member_count)}</dd>
        <dt>Program</dt>
        <dd>{data.programs_in_window.length ? data.programs_in_window.join(", ") : "tidak ada"}</dd>
      </dl>
      {data.reasons.length > 0 && (
        <details className="pick-reasons">
          <summary>Mengapa dihitung begini</summary>
          <ul>
            {data.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </details>
      )}
      <a href={`/rumah-tangga/${id}?from=${span.from}&to=${span.to}`}>Buka rumah tangga →</a>
    </>
  );
}

/** The card of what a tap picked, over the map, with a link to its page. */
export function PickCard({
  pick,
  indicator,
  span,
  onClose,
}: {
  pick: MapPick;
  indicator: IndicatorKey;
  span: Span;
  onClose: () => void;
}) {
  return (
    <section className="pick-card card" aria-labelledby="pick-card-title" data-testid="pick-card">
      <button type="button" className="pick-card-close" onClick={onClose} aria-label="Tutup kartu">
        ×
      </button>
      {pick.kind === "rt" ? (
        <RtCard properties={pick.properties} indicator={indicator} />
      ) : (
        <HouseholdCard key={pick.id} id={pick.id} span={span} />
      )}
    </section>
  );
}
