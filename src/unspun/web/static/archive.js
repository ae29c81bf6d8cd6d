/* The archive of a server started with --db: the filters, one page of articles at a time (the server filters
   and pages: GET /v1/archive/articles), and each article's stored report opened in the page's report view
   (app.js, window.unspun.renderReport). Text from the archive only goes into the page as text nodes. The
   filters and the page live in the address (#archive?site=...&page=2), so a list can be linked and reloaded. */
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const FIELDS = { q: "ar-q", site: "ar-site", severity: "ar-severity", since: "ar-since", until: "ar-until", sort: "ar-sort" };
  const st = { page: 1, pages: 1, perPage: 50, opened: null };

  const el = (...args) => window.unspun.el(...args);  // app.js's element builder: text goes in as text nodes

  function status(message, isError) {
    const s = $("ar-status");
    s.textContent = message;
    s.classList.toggle("error", Boolean(isError));
    s.setAttribute("role", isError ? "alert" : "status");
  }

  async function getJson(url) {
    const res = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try { body = await res.json(); } catch (_) { /* not JSON: the status line says enough */ }
    if (!res.ok) throw new Error((body && body.error && body.error.message) || `The server answered ${res.status}.`);
    return body;
  }

  // ---- the filters <-> the request and the address -------------------------------------------------
  function filters() {
    const p = new URLSearchParams();
    for (const [name, id] of Object.entries(FIELDS)) {
      const v = $(id).value.trim();
      if (v && !(name === "sort" && v === "newest")) p.set(name, v);
    }
    const finding = $("ar-finding").value;
    if (finding) {
      const [analyzer, label] = finding.split("|");
      p.set("analyzer", analyzer);
      if (label) p.set("label", label);
    }
    if (st.page > 1) p.set("page", String(st.page));
    if (st.perPage !== 50) p.set("per_page", String(st.perPage));
    return p;
  }

  function setFilters(p) {
    for (const [name, id] of Object.entries(FIELDS)) $(id).value = p.get(name) || (name === "sort" ? "newest" : "");
    const finding = p.get("analyzer") ? `${p.get("analyzer")}|${p.get("label") || ""}` : "";
    if (finding && ![...$("ar-finding").options].some((o) => o.value === finding)) {
      $("ar-finding").append(el("option", { value: finding, text: finding.replace("|", " · ") }));
    }
    $("ar-finding").value = finding;
    st.page = Math.max(1, parseInt(p.get("page") || "1", 10) || 1);
    st.perPage = Math.min(200, Math.max(1, parseInt(p.get("per_page") || "50", 10) || 50));
  }

  // ---- the list ---------------------------------------------------------------------------------
  async function load() {
    const p = filters();
    history.replaceState(null, "", `#archive${p.toString() ? "?" + p : ""}`);
    if (!p.has("per_page")) p.set("per_page", String(st.perPage));
    status("Loading…");
    $("ar-apply").disabled = true;
    try {
      render(await getJson(`/v1/archive/articles?${p}`));
    } catch (e) {
      status(e.message, true);
    } finally {
      $("ar-apply").disabled = false;
    }
  }

  function row(a) {
    const open = el("button", { type: "button", class: "open", "data-id": a.id, text: a.headline || "(no headline)" });
    open.addEventListener("click", () => openReport(a.id, a.headline));
    const dated = a.published_at ? "published" : "first seen (no publication date)";
    const meta = el("div", { class: "ar-meta" },
      el("span", { title: dated, text: (a.date || "").slice(0, 10) + (a.published_at ? "" : " (seen)") }),
      el("span", { text: a.site || "no site" }));
    if (!a.report) {
      meta.append(el("span", { text: "not checked: no report" }));
    } else {
      const sev = a.report.max_severity;
      meta.append(sev ? el("span", { class: `pill ${sev}`, text: sev }) : el("span", { text: "nothing flagged" }));
      const n = a.report.findings;
      meta.append(el("span", { text: `${n} finding${n === 1 ? "" : "s"}` }));
      for (const l of a.report.labels.slice(0, 4)) {
        meta.append(el("span", { class: "chip", title: `${l.count} × ${l.analyzer} · ${l.label}, up to ${l.severity}`,
          text: `${l.label}${l.count > 1 ? " ×" + l.count : ""}` }));
      }
    }
    if (a.cluster) {
      const c = a.cluster;
      meta.append(el("span", { class: "chip", text: c.relation === "earliest"
        ? `earliest of ${c.size} copies` : `${c.relation.replace("_", " ")}, 1 of ${c.size}` }));
    }
    return el("li", { "data-id": a.id }, open, meta);
  }

  function render(data) {
    st.page = data.page;
    st.pages = data.pages;
    const items = data.articles.map(row);
    $("ar-list").replaceChildren(...items);
    const first = (data.page - 1) * data.per_page + 1;
    if (!data.total) status("No article matches these filters.");
    else if (!items.length) status(`Page ${data.page} is past the last (${data.pages}).`);
    else status(`${first.toLocaleString()}–${(first + items.length - 1).toLocaleString()} of ${data.total.toLocaleString()} article${data.total === 1 ? "" : "s"}.`);
    $("ar-page").textContent = `Page ${data.page.toLocaleString()} of ${data.pages.toLocaleString()}`;
    $("ar-prev").disabled = data.page <= 1;
    $("ar-next").disabled = data.page >= data.pages;
  }

  async function openReport(id, headline) {
    status(`Opening the report of “${headline}”…`);
    try {
      const report = await getJson(`/v1/archive/articles/${id}/report`);
      st.opened = id;
      window.unspun.renderReport(report, null);
      status(`Opened the stored report of “${headline}”.`);
      window.unspun.bringTo("results");
    } catch (e) {
      status(e.message, true);
    }
  }

  function backToList() {
    const b = st.opened && $("ar-list").querySelector(`button.open[data-id="${st.opened}"]`);
    $("archive").scrollIntoView({ block: "start" });
    (b || $("archive")).focus({ preventScroll: Boolean(!b) });
  }

  // ---- start -------------------------------------------------------------------------------------
  function fillChoices(info) {
    $("ar-name").textContent = `(${info.archive})`;
    const n = (k, word) => `${k.toLocaleString()} ${word}${k === 1 ? "" : "s"}`;
    $("ar-counts").textContent = `${n(info.articles, "article")}, ${info.reports.toLocaleString()} with a report; `
      + `${n(info.n_sites, "site")}; ${n(info.clusters, "cluster")} of recycled content`
      + (info.dates.first ? `; dated ${info.dates.first} to ${info.dates.last}.` : ".");
    $("ar-sites").replaceChildren(...info.sites.map((s) => el("option", { value: s.site, label: `${s.articles} articles` })));
    const groups = new Map();
    for (const l of info.labels) {
      if (!groups.has(l.analyzer)) {
        groups.set(l.analyzer, el("optgroup", { label: l.analyzer },
          el("option", { value: `${l.analyzer}|`, text: `${l.analyzer}: any` })));
      }
      groups.get(l.analyzer).append(el("option", { value: `${l.analyzer}|${l.label}`, text: `${l.analyzer} · ${l.label} (${l.findings})` }));
    }
    $("ar-finding").append(...groups.values());
  }

  async function init() {
    let info;
    try {
      // a server without --db says so in its health (archive: null): the page is the checker alone
      if (!(await getJson("/v1/health")).archive) return;
      info = await getJson("/v1/archive");
    } catch (e) {
      $("archive").hidden = false;
      status(`The archive cannot be read: ${e.message}`, true);
      return;
    }
    $("archive").hidden = false;
    $("nav-archive").hidden = false;
    fillChoices(info);
    const hash = location.hash.startsWith("#archive?") ? location.hash.slice("#archive?".length) : "";
    setFilters(new URLSearchParams(hash));
    $("ar-form").addEventListener("submit", (ev) => { ev.preventDefault(); st.page = 1; load(); });
    $("ar-clear").addEventListener("click", () => { setFilters(new URLSearchParams(st.perPage !== 50 ? `per_page=${st.perPage}` : "")); load(); });
    $("ar-prev").addEventListener("click", () => { if (st.page > 1) { st.page -= 1; load(); } });
    $("ar-next").addEventListener("click", () => { if (st.page < st.pages) { st.page += 1; load(); } });
    $("back-to-archive").addEventListener("click", backToList);
    await load();
    if (hash) $("archive").scrollIntoView({ block: "start" });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
