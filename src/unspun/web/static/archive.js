/* The archive of a server started with --db: the filters, one page of articles at a time (the server filters
   and pages: GET /v1/archive/articles), and each article's stored report opened in the page's report view
   (app.js, window.unspun.renderReport) with its stored claims and what they matched (GET
   /v1/archive/articles/{id}/claims) under it. Text from the archive only goes into the page as text nodes. The
   filters and the page live in the address (#archive?site=...&page=2), so a list can be linked and reloaded. */
"use strict";
(() => {
  const $ = (id) => document.getElementById(id);
  const FIELDS = { q: "ar-q", site: "ar-site", severity: "ar-severity", since: "ar-since", until: "ar-until", sort: "ar-sort" };
  const st = { page: 1, pages: 1, perPage: 50, opened: null, name: "ARCHIVE" };

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
      await showClaims(id, report);
    } catch (e) {
      status(e.message, true);
    }
  }

  // ---- the opened report's stored claims --------------------------------------------------------
  const CLAIMS_ANALYZER = "checkworthy_claims";
  const VERDICT_PILL = { supports: "v-supported", contradicts: "v-contradicted", related: "info" };

  async function showClaims(id, report) {
    $("claims-panel").hidden = false;
    $("claims").replaceChildren();
    $("claims-status").textContent = "Loading the stored claims…";
    let data;
    try {
      data = await getJson(`/v1/archive/articles/${id}/claims`);
    } catch (e) {
      if (st.opened === id) $("claims-status").textContent = `The stored claims cannot be read: ${e.message}`;
      return;
    }
    if (st.opened !== id) return; // another report was opened meanwhile
    const n = data.claims.length, waiting = data.claims.filter((c) => !c.looked_up).length;
    $("claims-status").textContent = n ? `${n} check-worthy claim${n === 1 ? "" : "s"} stored`
      + (waiting ? `; ${waiting} not looked up yet: run unspun archive claims --db ${st.name} to look ${waiting === 1 ? "it" : "them"} up.` : ".")
      : noClaims(report);
    $("claims").replaceChildren(...data.claims.map(claimItem));
  }

  function noClaims(report) { // why a report has no stored claims, from the analyzers that made it
    const run = report.analyzers.find((a) => a.name === CLAIMS_ANALYZER);
    if (!run) {
      return `No claims stored: this report was made without the ${CLAIMS_ANALYZER} analyzer (the fast profile stores `
        + "no claims). unspun batch in the full profile (without --fast) stores them.";
    }
    if (run.status !== "ok") return `No claims stored: ${CLAIMS_ANALYZER} ${run.status.replace(/_/g, " ")}: ${run.reason}`;
    return `No claims stored: ${CLAIMS_ANALYZER} found no check-worthy sentence in this article.`;
  }

  function link(url, text) { // only http(s) addresses become links; anything else stays text
    return /^https?:\/\//i.test(url || "") ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: text || url })
      : el("span", { text: text || url || "no link" });
  }

  function structureLine(s) { // who, what, when, where, how much (as `brief` writes it in the analyzer)
    if (!s) return null;
    const parts = [];
    if (s.who && s.who.length) parts.push(["who", [...new Set(s.who.map((w) => (w.resolved && w.resolved.text) || w.text))].join(", ")]);
    if (s.what) parts.push(["what", s.what.text + (s.what.object ? " " + s.what.object.text : "")]);
    if (s.when && s.when.length) parts.push(["when", s.when.map((w) => `${w.text} = ${w.value || w.kind}`).join(", ")]);
    if (s.where && s.where.length) parts.push(["where", s.where.map((w) => w.text).join(", ")]);
    if (s.quantities && s.quantities.length) parts.push(["how much", s.quantities.map((q) => q.text).join(", ")]);
    if (!parts.length) return null;
    return el("p", { class: "claim-structure" }, ...parts.flatMap(([k, v], i) =>
      [i ? " · " : null, el("span", { "data-part": k }, el("b", { text: `${k}: ` }), v)]));
  }

  function rating(r) {
    const value = r.value !== null && r.value !== undefined ? `${r.value}${r.best ? "/" + r.best : ""}` : "";
    return r.label ? r.label + (value ? ` (${value})` : "") : value || "no rating";
  }

  function factCheckItem(f) {
    return el("li", { class: "fact-check" },
      el("span", { class: "pill info", text: rating(f.rating) }), " ",
      el("span", { class: "publisher", text: f.publisher || "publisher not stated" }),
      ` · ${f.date || "undated"} · `, link(f.url),
      el("blockquote", { text: f.claim_reviewed }));
  }

  function passageItem(p) {
    return el("li", { class: "passage" },
      el("span", { class: `pill ${VERDICT_PILL[p.verdict] || "info"}`, text: p.verdict }), " ",
      link(p.url, p.headline || "(no headline)"), ` · ${p.site || "no site"} · ${p.date || "undated"}`,
      el("blockquote", { text: p.passage.text }));
  }

  function claimItem(c) {
    const parts = [el("p", { class: "claim-text" }, el("b", { text: `#${c.rank} ` }), el("q", { text: c.text }),
      el("span", { class: "muted", text: ` score ${Number(c.score).toFixed(2)}` })), structureLine(c.structure)];
    if (!c.looked_up) {
      parts.push(el("p", { class: "muted lookup", text: `Not looked up yet: unspun archive claims --db ${st.name} looks it up `
        + "against the archive's fact-checks and reference passages." }));
    } else {
      const fcs = c.fact_checks, refs = c.reference_passages;
      parts.push(el("p", { class: "claim-h", text: fcs.length ? `Earlier fact-checks (${fcs.length}):` : "No earlier fact-check matched." }));
      if (fcs.length) parts.push(el("ul", { class: "fact-checks" }, ...fcs.map(factCheckItem)));
      parts.push(el("p", { class: "claim-h", text: refs.length ? `Reference passages (${refs.length}):` : "No reference passage found." }));
      if (refs.length) parts.push(el("ul", { class: "passages" }, ...refs.map(passageItem)));
      parts.push(el("p", { class: "muted", text: `Looked up ${c.looked_up.slice(0, 16).replace("T", " ")} UTC.` }));
    }
    return el("li", { class: "claim", "data-rank": c.rank }, ...parts);
  }

  function backToList() {
    const b = st.opened && $("ar-list").querySelector(`button.open[data-id="${st.opened}"]`);
    $("archive").scrollIntoView({ block: "start" });
    (b || $("archive")).focus({ preventScroll: Boolean(!b) });
  }

  // ---- start -------------------------------------------------------------------------------------
  function fillChoices(info) {
    $("ar-name").textContent = `(${info.archive})`;
    st.name = info.archive;
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
