import type { Metadata } from "next";

import { listUsers, pageContext, ROLE_LABELS, USER_ROLES } from "@/lib/access";
import { homeKabkotaCode, listAreasOfKabkota } from "@/lib/areas";
import { formatDateTime } from "@/lib/format";

import { UserForm } from "./client";

export const metadata: Metadata = { title: "Pengguna" };

export default async function UsersPage() {
  const ctx = await pageContext("/admin/pengguna", "manage_users");
  const kabkotaCode = await homeKabkotaCode(ctx);
  const [users, areas] = await Promise.all([
    listUsers({ ctx }),
    listAreasOfKabkota({ ctx, input: { kabkotaCode, levels: ["kabkota", "kecamatan", "kelurahan"] } }),
  ]);
  const areaOptions = areas.map((a) => ({
    code: a.code,
    label: `${a.level === "kabkota" ? "" : a.level === "kecamatan" ? "Kec. " : "  Kel. "}${a.name} (${a.code})`,
  }));
  const roles = USER_ROLES.map((role) => ({ role, label: ROLE_LABELS[role] }));
  return (
    <div className="page">
      <h1>Pengguna</h1>
      <p>
        Setiap akun selain admin menjawab untuk wilayahnya: camat untuk kecamatannya, lurah dan operator untuk
        kelurahannya, pimpinan untuk kota. Akun layar komando (PC dinding) hanya membuka Layar Komando wilayahnya, tidak
        ada halaman atau pencarian lain. Perubahan peran, wilayah atau status mengakhiri sesi akun itu dan tercatat di
        log audit.
      </p>
      <section className="card" aria-labelledby="new-user-title">
        <h2 id="new-user-title" style={{ marginTop: 0 }}>
          Akun baru
        </h2>
        <UserForm roles={roles} areas={areaOptions} />
      </section>
      <div className="table-wrap">
        <table className="data" data-testid="users">
          <thead>
            <tr>
              <th scope="col">Nama pengguna</th>
              <th scope="col">Peran</th>
              <th scope="col">Wilayah</th>
              <th scope="col">Status</th>
              <th scope="col">Masuk terakhir</th>
              <th scope="col">Ubah</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>
                  {user.username}
                  {user.display_name ? <div className="map-status">{user.display_name}</div> : null}
                </td>
                <td>{ROLE_LABELS[user.role]}</td>
                <td>{user.area_codes.length ? user.area_codes.join(", ") : "semua wilayah"}</td>
                <td>
                  {user.active ? "aktif" : "nonaktif"}
                  {user.locked_until && new Date(user.locked_until) > new Date()
                    ? ` · terkunci s.d. ${formatDateTime(user.locked_until)}`
                    : ""}
                </td>
                <td>{formatDateTime(user.last_login)}</td>
                <td>
                  <details>
                    <summary>Ubah</summary>
                    <UserForm roles={roles} areas={areaOptions} user={user} />
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
