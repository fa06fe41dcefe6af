"use client";

import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { useHydrated } from "@/app/components/use-hydrated";
import { todayInWita } from "@/lib/format";
import type { HouseholdForProposal, PhotoKind, ProposalKind } from "@/lib/verval";

type Json = Record<string, unknown>;
type MemberOp = Json & { op: "meninggal" | "hapus" | "koreksi" | "tambah" };
interface NewMember {
  name: string;
  nik: string;
  birth_date: string;
  sex: string;
  relation: string;
}
interface PendingPhoto {
  kind: PhotoKind;
  file: File;
  done: boolean;
}

// MapLibre is heavy for a phone: the picker's code loads only when the operator asks for the map.
const LocationPicker = dynamic(() => import("./location-picker").then((m) => m.LocationPicker), {
  ssr: false,
  loading: () => <p className="notice-busy">Memuat peta…</p>,
});

export interface ProposalFormProps {
  kind: ProposalKind;
  household: HouseholdForProposal | null;
  kelurahanChoices: Array<{ code: string; name: string }>;
  initialChange: Json;
  suggestionKey: string | null;
  suggestionDetail: string | null;
  reasons: readonly string[];
  relations: readonly string[];
  photoKinds: Array<{ kind: PhotoKind; label: string }>;
  kindLabel: string;
}

/** The household's own fields a proposal may set; the placeholder shows what the register holds. */
const HOUSEHOLD_FIELDS = [
  { name: "address", label: "Alamat", numeric: false },
  { name: "rw", label: "RW", numeric: true },
  { name: "rt", label: "RT", numeric: true },
  { name: "no_kk", label: "No. KK", numeric: true },
] as const;
const EMPTY_MEMBER: NewMember = { name: "", nik: "", birth_date: "", sex: "", relation: "" };
const TODAY = todayInWita();
const orUndefined = (value: string) => (value.trim() === "" ? undefined : value.trim());

/** Sends a photo with its upload progress (fetch has none); resolves with the answer's status and body. */
function uploadPhoto(url: string, photo: PendingPhoto, onProgress: (fraction: number) => void) {
  return new Promise<{ status: number; body: Json }>((resolve) => {
    const form = new FormData();
    form.set("kind", photo.kind);
    form.set("file", photo.file);
    const request = new XMLHttpRequest();
    request.open("POST", url);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onload = () => {
      let body: Json = {};
      try {
        body = JSON.parse(request.responseText) as Json;
      } catch {}
      resolve({ status: request.status, body });
    };
    request.onerror = () => resolve({ status: 0, body: {} });
    request.send(form);
  });
}

/**
 * The proposal form, phone first: what the kind needs, the RT's recommendation, the phone's
 * location, evidence photos. Saving creates the draft once; photos then go one by one with their
 * progress, and a failed one can be sent again without drafting twice.
 */
export function ProposalForm(props: ProposalFormProps) {
  const { kind, household } = props;
  const router = useRouter();
  const initial = props.initialChange;
  const initialHousehold = (initial.household ?? {}) as Json;
  const [reason, setReason] = useState(String(initial.reason ?? "meninggal"));
  const [personId, setPersonId] = useState(initial.person_id ? String(initial.person_id) : "");
  const [deathDate, setDeathDate] = useState(String(initial.death_date ?? ""));
  const [destination, setDestination] = useState("");
  const [duplicateOf, setDuplicateOf] = useState(String(initial.duplicate_of ?? ""));
  const [why, setWhy] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({
    address: "",
    rw: "",
    rt: "",
    no_kk: "",
    desil: "",
    kelurahan_code: String(
      initialHousehold.kelurahan_code ?? (kind === "baru" ? (props.kelurahanChoices[0]?.code ?? "") : ""),
    ),
  });
  const [ops, setOps] = useState<MemberOp[]>((initial.members as MemberOp[] | undefined) ?? []);
  const [members, setMembers] = useState<NewMember[]>([{ ...EMPTY_MEMBER, relation: "kepala keluarga" }]);
  const [rt, setRt] = useState({ rw: household?.rw ?? "", rt: household?.rt ?? "", head_name: "", date: TODAY });
  const [note, setNote] = useState("");
  /** Where the proposal was made: the phone's position (with its accuracy) or a point picked on the map. */
  const [location, setLocation] = useState<{ lon: number; lat: number; accuracy: number | null } | null>(null);
  const [picking, setPicking] = useState(false);
  const [useAsGeotag, setUseAsGeotag] = useState(false);
  const [photoKind, setPhotoKind] = useState<PhotoKind>(
    kind === "nonaktif" && reason === "meninggal" ? "akta_kematian" : "rumah",
  );
  const [photos, setPhotos] = useState<PendingPhoto[]>([]);
  const [draftId, setDraftId] = useState<number | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [uploadFraction, setUploadFraction] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ready = useHydrated();

  const setField = (name: string, value: string) => setFields((f) => ({ ...f, [name]: value }));
  const memberName = (id: unknown) => household?.members.find((m) => m.id === id)?.name ?? "";
  const living = household?.members.filter((m) => !m.death_date) ?? [];

  function change(): Json {
    switch (kind) {
      case "nonaktif":
        return {
          reason,
          person_id: reason === "meninggal" && personId ? Number(personId) : undefined,
          death_date: reason === "meninggal" ? orUndefined(deathDate) : undefined,
          destination: reason === "pindah" ? orUndefined(destination) : undefined,
          duplicate_of: reason === "ganda" ? orUndefined(duplicateOf) : undefined,
        };
      case "aktif_kembali":
        return { why };
      case "perubahan":
        return {
          household: {
            address: orUndefined(fields.address!),
            rw: orUndefined(fields.rw!),
            rt: orUndefined(fields.rt!),
            no_kk: orUndefined(fields.no_kk!),
            kelurahan_code: orUndefined(fields.kelurahan_code!),
            geotag: useAsGeotag && location ? { lon: location.lon, lat: location.lat } : undefined,
          },
          members: ops,
        };
      case "baru":
        return {
          household: {
            address: orUndefined(fields.address!),
            rw: orUndefined(fields.rw!),
            rt: orUndefined(fields.rt!),
            no_kk: orUndefined(fields.no_kk!),
            desil: fields.desil ? Number(fields.desil) : undefined,
            geotag: useAsGeotag && location ? { lon: location.lon, lat: location.lat } : undefined,
          },
          members: members.map((m) => ({
            name: m.name,
            nik: orUndefined(m.nik),
            birth_date: orUndefined(m.birth_date),
            sex: orUndefined(m.sex),
            relation: orUndefined(m.relation),
          })),
        };
    }
  }

  function locate() {
    if (!navigator.geolocation) return setMessage("Ponsel ini tidak memberi lokasi; isi tanpa lokasi.");
    setMessage("Mengambil lokasi ponsel…");
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocation({
          lon: position.coords.longitude,
          lat: position.coords.latitude,
          accuracy: position.coords.accuracy,
        });
        setMessage(null);
      },
      (error) =>
        setMessage(
          error.code === error.PERMISSION_DENIED
            ? "Izin lokasi ditolak. Izinkan lokasi untuk situs ini di pengaturan peramban, lalu coba lagi."
            : "Lokasi belum didapat; coba lagi di tempat terbuka.",
        ),
      { enableHighAccuracy: true, timeout: 20000 },
    );
  }

  async function save(submit: boolean) {
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      let id = draftId;
      const body = {
        kind,
        household_id: household?.id,
        kelurahan_code: kind === "baru" ? fields.kelurahan_code : undefined,
        change: change(),
        rt_recommendation: { rw: rt.rw, rt: rt.rt, head_name: rt.head_name, date: orUndefined(rt.date) },
        geotag: location ? { lon: location.lon, lat: location.lat } : undefined,
        note,
        suggestion_key: props.suggestionKey ?? undefined,
      };
      setProgress("Menyimpan usulan…");
      const response = await fetch(id ? `/api/usulan/${id}` : "/api/usulan", {
        method: id ? "PUT" : "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }).catch(() => null);
      if (!response) return setMessage("Tidak tersambung ke server; periksa sinyal lalu coba lagi.");
      const answer = (await response.json().catch(() => ({}))) as Json;
      if (!response.ok) {
        setErrors((answer.fields as Record<string, string>) ?? {});
        return setMessage(String(answer.error ?? "Usulan belum tersimpan."));
      }
      id = Number(answer.id);
      setDraftId(id);
      for (const [index, photo] of photos.entries()) {
        if (photo.done) continue;
        setProgress(`Mengunggah foto ${index + 1} dari ${photos.length}…`);
        const sent = await uploadPhoto(`/api/usulan/${id}/foto`, photo, setUploadFraction);
        setUploadFraction(null);
        if (sent.status !== 201)
          return setMessage(
            `${String(sent.body.error ?? "Foto belum terkirim (sambungan terputus).")} Usulan #${id} sudah tersimpan; tekan tombol lagi untuk mengirim foto yang tersisa.`,
          );
        setPhotos((all) => all.map((p) => (p === photo ? { ...p, done: true } : p)));
        photo.done = true;
      }
      if (submit) {
        setProgress("Mengajukan ke lurah…");
        const submitted = await fetch(`/api/usulan/${id}/tindakan`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ action: "ajukan" }),
        }).catch(() => null);
        const result = (await submitted?.json().catch(() => ({}))) as Json | undefined;
        if (!submitted?.ok) {
          setErrors((result?.fields as Record<string, string>) ?? {});
          return setMessage(
            `Usulan #${id} tersimpan sebagai draf, belum diajukan: ${String(result?.error ?? "sambungan terputus")}.`,
          );
        }
      }
      router.push(`/usulan/${id}`);
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }

  const error = (name: string) =>
    errors[name] ? (
      <span className="field-error" role="alert">
        {errors[name]}
      </span>
    ) : null;

  return (
    <form className="proposal-form" onSubmit={(e) => e.preventDefault()} data-testid="proposal-form" data-ready={ready}>
      <h1>{props.kindLabel}</h1>
      {household && (
        <p className="lead">
          Rumah tangga {household.dtks_id} · {household.kelurahan_name} · {household.members.length} anggota
        </p>
      )}
      {props.suggestionDetail && <p className="notice-gap">Saran: {props.suggestionDetail}</p>}

      {kind === "nonaktif" && (
        <fieldset>
          <legend>Alasan nonaktif</legend>
          <label>
            Alasan
            <select value={reason} onChange={(e) => setReason(e.target.value)} name="reason">
              {props.reasons.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          {reason === "meninggal" && (
            <>
              <label>
                Yang meninggal
                <select value={personId} onChange={(e) => setPersonId(e.target.value)} name="person_id">
                  <option value="">(anggota satu-satunya)</option>
                  {household?.members.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.name}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                Tanggal meninggal
                <input
                  type="date"
                  value={deathDate}
                  max={TODAY}
                  onChange={(e) => setDeathDate(e.target.value)}
                  name="death_date"
                />
                {error("change.death_date")}
              </label>
            </>
          )}
          {reason === "pindah" && (
            <label>
              Pindah ke
              <input value={destination} onChange={(e) => setDestination(e.target.value)} name="destination" />
              {error("change.destination")}
            </label>
          )}
          {reason === "ganda" && (
            <label>
              ID DTKS rumah tangga kembarannya
              <input value={duplicateOf} onChange={(e) => setDuplicateOf(e.target.value)} name="duplicate_of" />
              {error("change.duplicate_of")}
            </label>
          )}
        </fieldset>
      )}

      {kind === "aktif_kembali" && (
        <label>
          Alasan aktif kembali
          <textarea value={why} onChange={(e) => setWhy(e.target.value)} name="why" />
          {error("change.why")}
        </label>
      )}

      {(kind === "perubahan" || kind === "baru") && (
        <fieldset>
          <legend>{kind === "baru" ? "Rumah tangga" : "Data rumah tangga yang berubah (kosongkan yang tetap)"}</legend>
          {kind === "baru" && (
            <label>
              Kelurahan
              <select value={fields.kelurahan_code} onChange={(e) => setField("kelurahan_code", e.target.value)}>
                {props.kelurahanChoices.map((k) => (
                  <option key={k.code} value={k.code}>
                    {k.name}
                  </option>
                ))}
              </select>
              {error("kelurahan_code")}
            </label>
          )}
          {kind === "perubahan" && fields.kelurahan_code && (
            <p>
              Kelurahan menjadi:{" "}
              {props.kelurahanChoices.find((k) => k.code === fields.kelurahan_code)?.name ?? fields.kelurahan_code}{" "}
              <button type="button" className="link-button" onClick={() => setField("kelurahan_code", "")}>
                tetap
              </button>
            </p>
          )}
          {HOUSEHOLD_FIELDS.map(({ name, label, numeric }) => (
            <label key={name}>
              {label}
              <input
                value={fields[name]}
                inputMode={numeric ? "numeric" : undefined}
                onChange={(e) => setField(name, e.target.value)}
                placeholder={household?.[name] ?? ""}
              />
              {error(`change.household.${name}`)}
            </label>
          ))}
          {kind === "baru" && (
            <label>
              Desil (bila sudah diketahui)
              <input value={fields.desil} inputMode="numeric" onChange={(e) => setField("desil", e.target.value)} />
            </label>
          )}
        </fieldset>
      )}

      {kind === "perubahan" && (
        <fieldset>
          <legend>Perubahan anggota</legend>
          {ops.map((op, index) => (
            <div key={index} className="member-op" data-testid="member-op">
              <strong>
                {op.op === "meninggal" && `${memberName(op.person_id)} meninggal`}
                {op.op === "koreksi" && `Koreksi data ${memberName(op.person_id)}`}
                {op.op === "hapus" && `${memberName(op.person_id)} keluar dari rumah tangga`}
                {op.op === "tambah" && "Anggota baru"}
              </strong>
              {op.op === "meninggal" && (
                <label>
                  Tanggal meninggal
                  <input
                    type="date"
                    value={String(op.death_date ?? "")}
                    max={TODAY}
                    onChange={(e) =>
                      setOps(ops.map((o, i) => (i === index ? { ...o, death_date: e.target.value } : o)))
                    }
                  />
                </label>
              )}
              {op.op === "koreksi" && (
                <>
                  <label>
                    NIK yang benar (16 angka, dari KTP/KK)
                    <input
                      inputMode="numeric"
                      value={String(op.nik ?? "")}
                      onChange={(e) =>
                        setOps(ops.map((o, i) => (i === index ? { ...o, nik: orUndefined(e.target.value) } : o)))
                      }
                    />
                    {error(`change.members.${index}.nik`)}
                  </label>
                  <label>
                    Nama yang benar
                    <input
                      value={String(op.name ?? "")}
                      onChange={(e) =>
                        setOps(ops.map((o, i) => (i === index ? { ...o, name: orUndefined(e.target.value) } : o)))
                      }
                    />
                  </label>
                  <label>
                    Tanggal lahir yang benar
                    <input
                      type="date"
                      value={String(op.birth_date ?? "")}
                      onChange={(e) =>
                        setOps(ops.map((o, i) => (i === index ? { ...o, birth_date: orUndefined(e.target.value) } : o)))
                      }
                    />
                  </label>
                </>
              )}
              {op.op === "hapus" && (
                <label>
                  Alasan keluar
                  <input
                    value={String(op.why ?? "")}
                    onChange={(e) => setOps(ops.map((o, i) => (i === index ? { ...o, why: e.target.value } : o)))}
                  />
                </label>
              )}
              <button type="button" className="link-button" onClick={() => setOps(ops.filter((_, i) => i !== index))}>
                Batalkan perubahan ini
              </button>
            </div>
          ))}
          <label>
            Tambah perubahan anggota
            <select
              value=""
              onChange={(e) => {
                const [op, id] = e.target.value.split(":");
                if (!op) return;
                setOps([
                  ...ops,
                  op === "tambah"
                    ? { op: "tambah", member: { name: "" } }
                    : { op: op as MemberOp["op"], person_id: Number(id) },
                ]);
              }}
            >
              <option value="">Pilih…</option>
              {living.map((m) => (
                <optgroup key={m.id} label={m.name}>
                  <option value={`meninggal:${m.id}`}>{m.name}: meninggal</option>
                  <option value={`koreksi:${m.id}`}>{m.name}: koreksi NIK, nama atau tanggal lahir</option>
                  <option value={`hapus:${m.id}`}>{m.name}: keluar dari rumah tangga</option>
                </optgroup>
              ))}
            </select>
          </label>
        </fieldset>
      )}

      {kind === "baru" && (
        <fieldset>
          <legend>Anggota rumah tangga</legend>
          {members.map((m, index) => {
            const set = (key: keyof NewMember, value: string) =>
              setMembers(members.map((x, i) => (i === index ? { ...x, [key]: value } : x)));
            return (
              <div key={index} className="member-op">
                <label>
                  Nama
                  <input value={m.name} onChange={(e) => set("name", e.target.value)} />
                  {error(`change.members.${index}.name`)}
                </label>
                <label>
                  NIK
                  <input value={m.nik} inputMode="numeric" onChange={(e) => set("nik", e.target.value)} />
                  {error(`change.members.${index}.nik`)}
                </label>
                <label>
                  Tanggal lahir
                  <input type="date" value={m.birth_date} onChange={(e) => set("birth_date", e.target.value)} />
                </label>
                <label>
                  Jenis kelamin
                  <select value={m.sex} onChange={(e) => set("sex", e.target.value)}>
                    <option value="">–</option>
                    <option value="L">Laki-laki</option>
                    <option value="P">Perempuan</option>
                  </select>
                </label>
                <label>
                  Hubungan keluarga
                  <select value={m.relation} onChange={(e) => set("relation", e.target.value)}>
                    <option value="">–</option>
                    {props.relations.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </label>
              </div>
            );
          })}
          <button type="button" className="link-button" onClick={() => setMembers([...members, { ...EMPTY_MEMBER }])}>
            + Tambah anggota
          </button>
        </fieldset>
      )}

      <fieldset>
        <legend>Rekomendasi RT</legend>
        <label>
          RW
          <input
            value={rt.rw}
            inputMode="numeric"
            onChange={(e) => setRt({ ...rt, rw: e.target.value })}
            name="rt_rw"
          />
        </label>
        <label>
          RT
          <input
            value={rt.rt}
            inputMode="numeric"
            onChange={(e) => setRt({ ...rt, rt: e.target.value })}
            name="rt_number"
          />
        </label>
        <label>
          Nama ketua RT
          <input
            value={rt.head_name}
            onChange={(e) => setRt({ ...rt, head_name: e.target.value })}
            name="rt_head_name"
          />
          {error("rt_recommendation.head_name")}
        </label>
        <label>
          Tanggal rekomendasi
          <input
            type="date"
            value={rt.date}
            max={TODAY}
            onChange={(e) => setRt({ ...rt, date: e.target.value })}
            name="rt_date"
          />
          {error("rt_recommendation.date")}
        </label>
      </fieldset>

      <fieldset>
        <legend>Bukti</legend>
        <span className="task-actions">
          <button type="button" className="button" onClick={locate}>
            Ambil lokasi ponsel
          </button>
          <button type="button" className="button" onClick={() => setPicking(!picking)} data-testid="pick-on-map">
            {picking ? "Tutup peta" : "Pilih titik di peta"}
          </button>
        </span>
        {picking && (
          <LocationPicker
            kelurahanCode={(kind === "baru" ? fields.kelurahan_code : household?.kelurahan_code) ?? ""}
            start={location}
            onPick={(point) => {
              setLocation({ ...point, accuracy: null });
              setMessage(null);
            }}
          />
        )}
        {location && (
          <p data-testid="location">
            Lokasi: {location.lat.toFixed(5)}, {location.lon.toFixed(5)}{" "}
            {location.accuracy === null ? "(dipilih di peta)" : `(±${Math.round(location.accuracy)} m)`}
          </p>
        )}
        {location && (kind === "perubahan" || kind === "baru") && (
          <label className="checkbox">
            <input type="checkbox" checked={useAsGeotag} onChange={(e) => setUseAsGeotag(e.target.checked)} /> Jadikan
            geotag rumah
          </label>
        )}
        <label>
          Jenis foto
          <select value={photoKind} onChange={(e) => setPhotoKind(e.target.value as PhotoKind)}>
            {props.photoKinds.map((p) => (
              <option key={p.kind} value={p.kind}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Foto (JPEG atau PNG, paling besar 5 MB)
          <input
            type="file"
            accept="image/jpeg,image/png"
            capture="environment"
            data-testid="photo-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) setPhotos([...photos, { kind: photoKind, file, done: false }]);
              e.target.value = "";
            }}
          />
        </label>
        {photos.length > 0 && (
          <ul data-testid="photo-list">
            {photos.map((p, i) => (
              <li key={i}>
                {props.photoKinds.find((k) => k.kind === p.kind)?.label}: {p.file.name} ({Math.ceil(p.file.size / 1024)}{" "}
                KB)
                {p.done ? " ✓ terkirim" : ""}
              </li>
            ))}
          </ul>
        )}
        {uploadFraction !== null && <progress className="progress" value={uploadFraction} max={1} />}
      </fieldset>

      <label>
        Catatan
        <textarea value={note} onChange={(e) => setNote(e.target.value)} name="note" />
      </label>

      {progress && <p className="notice-busy">{progress}</p>}
      {message && (
        <div className="notice-error" role="alert">
          <p>{message}</p>
          {Object.keys(errors).length > 0 && (
            <ul>
              {Object.entries(errors).map(([field, text]) => (
                <li key={field}>
                  {field}: {text}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="task-actions">
        <button type="button" className="button" disabled={busy} onClick={() => save(true)}>
          Simpan &amp; ajukan ke lurah
        </button>
        <button type="button" className="link-button" disabled={busy} onClick={() => save(false)}>
          Simpan sebagai draf
        </button>
      </div>
    </form>
  );
}
