import { INDICATOR_KEYS, INDICATORS, type IndicatorKey } from "@/lib/analytics/browser";
import { CLASS_METHOD_LABELS, CLASS_METHODS, type ClassMethod } from "@/lib/map";

import { Hint } from "../../hint";
import type { MapArea } from "../types";

export function IndicatorPicker({
  value,
  onChange,
}: {
  value: IndicatorKey;
  onChange: (indicator: IndicatorKey) => void;
}) {
  return (
    <>
      <label htmlFor="indicator-picker">Indikator</label>
      <select id="indicator-picker" value={value} onChange={(event) => onChange(event.target.value as IndicatorKey)}>
        {INDICATOR_KEYS.map((key) => (
          <option key={key} value={key}>
            {INDICATORS[key].label}
          </option>
        ))}
      </select>
      <Hint term={INDICATORS[value].term} />
    </>
  );
}

export function ClassMethodPicker({
  value,
  onChange,
}: {
  value: ClassMethod;
  onChange: (method: ClassMethod) => void;
}) {
  return (
    <>
      <label htmlFor="class-picker">Pembagian kelas</label>
      <select id="class-picker" value={value} onChange={(event) => onChange(event.target.value as ClassMethod)}>
        {CLASS_METHODS.map((key) => (
          <option key={key} value={key}>
            {CLASS_METHOD_LABELS[key]}
          </option>
        ))}
      </select>
    </>
  );
}

/** The city, each kecamatan, and the kelurahan grouped under their kecamatan. */
export function AreaPicker({
  cityName,
  areas,
  kecamatan,
  value,
  onChange,
}: {
  cityName: string;
  areas: MapArea[];
  kecamatan: MapArea[];
  value: string | null;
  onChange: (code: string | null) => void;
}) {
  return (
    <>
      <label htmlFor="area-picker">Pilih wilayah</label>
      <select id="area-picker" value={value ?? ""} onChange={(event) => onChange(event.target.value || null)}>
        <option value="">Seluruh {cityName}</option>
        {kecamatan.map((k) => (
          <optgroup key={k.code} label={`Kecamatan ${k.name}`}>
            <option value={k.code}>{k.name} (seluruh kecamatan)</option>
            {areas
              .filter((area) => area.parentCode === k.code)
              .map((kel) => (
                <option key={kel.code} value={kel.code}>
                  {kel.name}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </>
  );
}
