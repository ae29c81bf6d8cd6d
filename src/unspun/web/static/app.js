/* unspun page. Article text only ever goes into the page as text nodes
   (textContent / append of strings), never as HTML, so an article cannot inject
   markup or script. Offsets in the report count Unicode code points (Python
   str indices); JavaScript strings count UTF-16 units, so text is sliced from
   an array of code points. */
"use strict";
(() => {
  const VERDICTS = ["supported", "unsupported", "contradicted", "overstated"];
  const SEV_RANK = { info: 0, low: 1, medium: 2, high: 3 };
  const state = { report: null, request: null, cps: [], enabled: new Set(), file: null, maxBytes: 2000000 };
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  const slice = (a, b) => state.cps.slice(a, b).join("");

  function setStatus(message, isError) {
    const s = $("status");
    s.textContent = message;
    s.classList.toggle("error", Boolean(isError));
    s.setAttribute("role", isError ? "alert" : "status");
  }

  // ---- input ---------------------------------------------------------------
  function mode() {
    return document.querySelector('input[name="mode"]:checked').value;
  }

  function showMode(m) {
    for (const r of document.querySelectorAll('input[name="mode"]')) r.checked = r.value === m;
    for (const p of document.querySelectorAll(".mode-panel")) p.hidden = p.dataset.mode !== m;
  }

  async function takeFile(file) {
    if (!file) return;
    if (file.size > state.maxBytes) {
      setStatus(`The file ${file.name} is ${file.size.toLocaleString()} bytes; the limit is ${state.maxBytes.toLocaleString()}.`, true);
      return;
    }
    const content = await file.text();
    const isHtml = /\.x?html?$/i.test(file.name) || /^\s*</.test(content);
    state.file = { name: file.name, kind: isHtml ? "html" : "text", content };
    $("file-name").textContent = `${file.name} (${isHtml ? "HTML page" : "plain text"}, ${content.length.toLocaleString()} characters)`;
    showMode("file");
    setStatus(`Loaded ${file.name}. Press Check.`);
  }

  function buildRequest() {
    const m = mode();
    let req;
    if (m === "text") {
      const text = $("article-text").value;
      if (!text.trim()) throw new Error("Paste an article first: the headline on the first line, then the body.");
      req = { text };
    } else if (m === "url") {
      const url = $("article-url").value.trim();
      if (!/^https?:\/\/\S+$/i.test(url)) throw new Error("Give an address that starts with http:// or https://.");
      req = { url };
    } else {
      if (!state.file) throw new Error("Choose or drop a .txt or .html file first.");
      req = { [state.file.kind]: state.file.content };
    }
    req.fast = $("fast").checked;
    return req;
  }

  async function post(path, body) {
    const res = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: path.endsWith(".html") ? "text/html" : "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) {
      let msg = `The server answered ${res.status}.`;
      try {
        const j = await res.json();
        if (j && j.error && j.error.message) msg = j.error.message;
      } catch (_) { /* not JSON: keep the status line */ }
      throw new Error(msg);
    }
    return res;
  }

  async function onSubmit(ev) {
    ev.preventDefault();
    let req;
    try {
      req = buildRequest();
    } catch (e) {
      setStatus(e.message, true);
      return;
    }
    const btn = $("check-btn");
    btn.disabled = true;
    btn.setAttribute("aria-busy", "true");
    setStatus(req.url ? "Fetching and checking…" : "Checking…");
    const t0 = performance.now();
    try {
      const report = await (await post("/v1/check", req)).json();
      renderReport(report, req);
      const n = report.findings.length;
      setStatus(`Checked in ${Math.round(performance.now() - t0)} ms: ${n} finding${n === 1 ? "" : "s"}.`);
      bringTo("results");
    } catch (e) {
      setStatus(e.message, true);
    } finally {
      btn.disabled = false;
      btn.removeAttribute("aria-busy");
    }
  }

  const smooth = () => (window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth");

  /* Bring a part of the page to the top of the window and move the focus there (for a screen reader
     too): the results after Check, the form's field after "New check". */
  function bringTo(id, focusId) {
    $(id).scrollIntoView({ block: "start", behavior: smooth() });
    $(focusId || id).focus({ preventScroll: true });
  }

  // ---- rendering -------------------------------------------------------------
  const visible = () => state.report.findings
    .map((f, i) => [f, i])
    .filter(([f]) => state.enabled.has(f.analyzer));

  const verdictOf = (f) => (f.analyzer === "headline_support" && VERDICTS.includes(f.label) ? f.label : null);

  /* Text [start, end) as a fragment: plain text nodes, and one focusable <mark>
     per stretch covered by the same set of visible findings. */
  function segments(start, end) {
    const findings = state.report.findings;
    const cover = [];
    for (const [f, i] of visible()) {
      for (const s of f.spans) {
        if (s.start < end && s.end > start && s.end > s.start) cover.push([Math.max(s.start, start), Math.min(s.end, end), i]);
      }
    }
    const cuts = [...new Set([start, end, ...cover.flatMap((c) => [c[0], c[1]])])].sort((x, y) => x - y);
    const frag = document.createDocumentFragment();
    for (let k = 0; k + 1 < cuts.length; k++) {
      const a = cuts[k], b = cuts[k + 1];
      const ids = [...new Set(cover.filter(([s, e]) => s <= a && b <= e).map((c) => c[2]))];
      const text = slice(a, b);
      if (!ids.length) {
        frag.append(text);
        continue;
      }
      const fs = ids.map((i) => findings[i]);
      const top = fs.reduce((x, y) => (SEV_RANK[y.severity] > SEV_RANK[x.severity] ? y : x));
      const verdict = fs.map(verdictOf).find(Boolean);
      const cls = [`sev-${top.severity}`];
      if (verdict) cls.push(`verdict-${verdict}`);
      if (ids.length > 1) cls.push("nested");
      const label = fs.map((f) => `${f.analyzer}: ${f.label}`).join("; ");
      frag.append(el("mark", {
        class: cls.join(" "), tabindex: 0, role: "button", title: fs[0].explanation,
        "aria-label": `${text} (flagged: ${label})`,
        "data-findings": ids.join(" "), "data-analyzers": [...new Set(fs.map((f) => f.analyzer))].join(" "),
        "data-verdict": verdict || undefined,
      }, text));
    }
    return frag;
  }

  function renderArticle() {
    const doc = state.report.document;
    $("headline").replaceChildren(segments(doc.headline.start, doc.headline.end));
    const paras = doc.paragraphs.map((p) => el("p", {}, segments(p.start, p.end)));
    if (!paras.length) paras.push(el("p", { class: "muted", text: "(The article has a headline but no body.)" }));
    $("body").replaceChildren(...paras);
    const hasClaims = state.report.findings.some(verdictOf);
    const legend = $("legend");
    legend.hidden = !hasClaims;
    legend.replaceChildren(el("b", { text: "Headline claims:" }),
      ...VERDICTS.map((v) => el("span", { class: `lg-${v}`, text: v })));
    const meta = doc.metadata || {};
    const facts = ["site", "author", "published", "url"]
      .filter((k) => meta[k] && meta[k].value)
      .map((k) => `${k}: ${meta[k].value}`);
    $("meta").textContent = facts.join(" · ");
  }

  function pill(cls, text) {
    return el("span", { class: `pill ${cls}`, text });
  }

  function renderSummary() {
    const r = state.report, s = r.summary, box = $("summary");
    const by = s.by_severity || {};
    // the number of findings and the most severe are in the results bar above
    const parts = [];
    parts.push(el("ul", { class: "counts", "aria-label": "findings by severity" },
      ...["high", "medium", "low", "info"].map((k) => el("li", {}, pill(k, `${by[k] || 0} ${k}`)))));
    const hs = s.headline_support;
    if (hs && hs.verdict) {
      parts.push(el("p", { class: "summary-line", id: "headline-verdict" }, "Headline: ",
        pill(`v-${hs.verdict}`, hs.verdict.replace(/_/g, " "))));
    }
    if (r.language && r.language.english === false) {
      parts.push(el("p", { class: "summary-line", text: `Language: ${r.language.reason || r.language.language}` }));
    }
    parts.push(el("p", { class: "summary-line muted", text: "Analyzers:" }));
    parts.push(el("ul", { class: "runs" }, ...r.analyzers.map((a) => el("li", { class: a.status },
      el("b", { text: a.name }), ` ${a.status === "ok" ? "ran" : a.status.replace(/_/g, " ")}: ${a.reason}`
      + (a.capped ? ` (long article: ${a.capped})` : "")))));
    box.replaceChildren(...parts);
  }

  function renderCount() {
    const s = state.report.summary;
    $("results-count").replaceChildren(el("b", { text: `${s.findings} finding${s.findings === 1 ? "" : "s"}` }),
      el("span", { class: "wide-only", text: s.max_severity ? ` · most severe: ${s.max_severity}` : " · nothing flagged" }));
  }

  function renderToggles() {
    const counts = {};
    for (const f of state.report.findings) counts[f.analyzer] = (counts[f.analyzer] || 0) + 1;
    const rows = state.report.analyzers.filter((a) => a.status === "ok").map((a) => {
      const n = counts[a.name] || 0;
      const box = el("input", { type: "checkbox", "data-analyzer": a.name, checked: state.enabled.has(a.name), disabled: n === 0 });
      box.addEventListener("change", () => {
        if (box.checked) state.enabled.add(a.name); else state.enabled.delete(a.name);
        renderArticle();
        renderFindings();
        setDetail(null);
      });
      return el("label", {}, box, a.name, el("span", { class: "count", text: String(n) }));
    });
    if (!rows.length) rows.push(el("p", { class: "muted", text: "No analyzer ran on this article." }));
    $("toggles").replaceChildren(...rows);
  }

  function renderFindings() {
    const items = visible().map(([f, i]) => {
      const b = el("button", { type: "button", "data-finding": i },
        el("span", { class: `tag ${f.severity}`, text: f.severity }),
        el("b", { text: `${f.analyzer} · ${f.label}` }), ` — ${f.explanation}`);
      b.addEventListener("click", () => {
        setDetail([i]);
        const m = markFor(i);
        if (m) {
          m.scrollIntoView({ block: "center", behavior: "smooth" });
          m.focus({ preventScroll: true });
          highlight(m);
        }
      });
      return el("li", {}, b);
    });
    if (!items.length) items.push(el("li", { class: "muted", text: "No findings to show." }));
    $("findings").replaceChildren(...items);
  }

  function markFor(i) {
    for (const m of document.querySelectorAll("#article mark")) {
      if (m.dataset.findings.split(" ").includes(String(i))) return m;
    }
    return null;
  }

  function highlight(mark) {
    for (const m of document.querySelectorAll("#article mark.selected")) m.classList.remove("selected");
    if (mark) mark.classList.add("selected");
  }

  function setDetail(ids, fromMark) {
    const box = $("detail");
    if (!ids) {
      highlight(null);
      box.replaceChildren(el("p", { class: "muted", text: "Select a highlighted passage (click, or Tab to it and press Enter) to see the reason and the evidence." }));
      return;
    }
    const blocks = ids.map((i) => {
      const f = state.report.findings[i];
      const parts = [
        el("h3", {}, el("span", { class: `tag ${f.severity}`, text: f.severity }), `${f.analyzer} · ${f.label}`),
        el("p", { class: "explanation", text: f.explanation }),
        el("p", { class: "muted", text: `score ${Number(f.score).toFixed(2)}` }),
      ];
      if (f.evidence && f.evidence.length) {
        parts.push(el("p", { text: f.evidence.length === 1 ? "Evidence:" : `Evidence (${f.evidence.length}):` }));
        for (const e of f.evidence.slice(0, 5)) parts.push(el("blockquote", { class: "evidence", text: slice(e.start, e.end) }));
      }
      return el("div", { class: `finding-detail ${f.severity}`, "data-finding": i }, ...parts);
    });
    if (fromMark && narrow()) {
      const back = el("button", { type: "button", class: "back", text: "Back to the passage" });
      back.addEventListener("click", () => {
        fromMark.scrollIntoView({ block: "center" });
        fromMark.focus({ preventScroll: true });
      });
      blocks.push(back);
    }
    box.replaceChildren(...blocks);
  }

  function onMarkActivate(ev) {
    const mark = ev.target.closest("mark[data-findings]");
    if (!mark) return;
    if (ev.type === "keydown") {
      if (ev.key !== "Enter" && ev.key !== " ") return;
      ev.preventDefault();
    }
    highlight(mark);
    setDetail(mark.dataset.findings.split(" ").map(Number), mark);
    // On a narrow screen the panel sits below the article: bring it into view,
    // and offer a way back to the passage.
    if (narrow()) $("detail-panel").scrollIntoView({ block: "start" });
  }

  const narrow = () => window.matchMedia("(max-width: 56rem)").matches;

  function renderReport(report, request) { // request: the check's (HTML re-renders it); null: an archived report
    state.report = report;
    state.request = request || null;
    $("dl-html").hidden = !state.request; // an archived report is JSON; `unspun report --db` makes HTML pages
    if ($("back-to-archive")) $("back-to-archive").hidden = Boolean(state.request);
    $("claims-panel").hidden = true; // archive.js shows an archived report's stored claims
    state.cps = Array.from(report.document.text);
    state.enabled = new Set(report.findings.map((f) => f.analyzer));
    renderArticle();
    renderCount();
    renderSummary();
    renderToggles();
    renderFindings();
    setDetail(null);
    $("results").hidden = false;
  }

  // ---- downloads -------------------------------------------------------------
  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = el("a", { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function downloadHtml() {
    if (!state.request) {
      setStatus("Run a check first; the HTML report is made from the same article.", true);
      return;
    }
    try {
      // The server renders the same analysis as one self-contained HTML file.
      const blob = await (await post("/v1/report.html", state.request)).blob();
      save(blob, "unspun-report.html");
    } catch (e) {
      setStatus(e.message, true);
    }
  }

  // ---- wiring ------------------------------------------------------------------
  function init() {
    $("check-form").addEventListener("submit", onSubmit);
    for (const r of document.querySelectorAll('input[name="mode"]')) r.addEventListener("change", () => showMode(r.value));
    $("file-input").addEventListener("change", (e) => takeFile(e.target.files[0]));
    const form = $("check-form");
    form.addEventListener("dragover", (e) => { e.preventDefault(); form.classList.add("over"); });
    form.addEventListener("dragleave", () => form.classList.remove("over"));
    form.addEventListener("drop", (e) => {
      e.preventDefault();
      form.classList.remove("over");
      takeFile(e.dataTransfer.files[0]);
    });
    // a file dropped elsewhere must not navigate away from the page
    window.addEventListener("dragover", (e) => e.preventDefault());
    window.addEventListener("drop", (e) => e.preventDefault());
    const article = $("article");
    article.addEventListener("click", onMarkActivate);
    article.addEventListener("keydown", onMarkActivate);
    $("dl-json").addEventListener("click", () => {
      if (state.report) save(new Blob([JSON.stringify(state.report, null, 2)], { type: "application/json" }), "unspun-report.json");
    });
    $("dl-html").addEventListener("click", downloadHtml);
    $("new-check").addEventListener("click", () => bringTo("input", { text: "article-text", url: "article-url", file: "file-input" }[mode()]));
    fetch("/v1/health").then((r) => r.json()).then((h) => {
      if (h.limits && h.limits.max_request_bytes) state.maxBytes = h.limits.max_request_bytes;
      if (h.profile === "fast") {
        $("fast").checked = true;
        $("fast").disabled = true;
        $("fast").parentElement.title = "This server runs the fast profile only.";
      }
    }).catch(() => { /* the page still works; limits are enforced by the server */ });
  }

  window.unspun = { renderReport, bringTo, el };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
