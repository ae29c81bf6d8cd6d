/* Renders /openapi.json as a plain reference page: routes, request fields, responses.
   Text from the schema goes in with textContent only. */
"use strict";
(() => {
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function resolve(spec, schema) {
    let s = schema || {};
    while (s.$ref) s = s.$ref.split("/").slice(1).reduce((o, k) => o[k], spec);
    return s;
  }

  function typeOf(spec, s) {
    s = resolve(spec, s);
    if (s.anyOf) return s.anyOf.map((x) => typeOf(spec, x)).join(" | ");
    if (s.type === "array") return `${typeOf(spec, s.items)}[]`;
    return s.type || s.title || "any";
  }

  function fields(spec, schema) {
    const s = resolve(spec, schema);
    if (!s.properties) return null;
    const table = el("table", "fields");
    const head = table.createTHead().insertRow();
    for (const h of ["field", "type", "meaning"]) head.append(el("th", null, h));
    const body = table.createTBody();
    for (const [name, p] of Object.entries(s.properties)) {
      const row = body.insertRow();
      row.append(el("td", null, name), el("td", null, typeOf(spec, p)), el("td", null, p.description || ""));
    }
    return table;
  }

  function render(spec) {
    const root = document.getElementById("api");
    root.replaceChildren();
    root.append(el("p", "muted", `${spec.info.title} ${spec.info.version}: ${spec.info.description || ""}`));
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const sec = el("section", "card");
        const h = el("h2");
        h.append(el("code", null, `${method.toUpperCase()} ${path}`), ` · ${op.summary || ""}`);
        sec.append(h);
        if (op.description) sec.append(el("p", null, op.description));
        if (op.parameters && op.parameters.length) {
          sec.append(el("h3", null, "Parameters"));
          const table = el("table", "fields");
          const head = table.createTHead().insertRow();
          for (const h of ["name", "in", "type", "meaning"]) head.append(el("th", null, h));
          const body = table.createTBody();
          for (const p of op.parameters) {
            const r = body.insertRow();
            const s = resolve(spec, p.schema);
            const type = s.enum ? s.enum.join(" | ") : typeOf(spec, s);
            r.append(el("td", null, p.name), el("td", null, p.in), el("td", null, type), el("td", null, p.description || ""));
          }
          sec.append(table);
        }
        const req = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
        if (req) {
          sec.append(el("h3", null, "Request body (JSON)"));
          const t = fields(spec, req.schema);
          if (t) sec.append(t);
        }
        sec.append(el("h3", null, "Responses"));
        const ul = el("ul");
        for (const [code, r] of Object.entries(op.responses || {})) ul.append(el("li", null, `${code}: ${r.description || ""}`));
        sec.append(ul);
        root.append(sec);
      }
    }
  }

  fetch("/openapi.json").then((r) => r.json()).then(render).catch((e) => {
    document.getElementById("api").textContent = `Could not load /openapi.json: ${e}`;
  });
})();
