// The page of `kg view`: draws the graph with vis-network, shows an edge's evidence on click,
// lists the timeline by year. Data comes from <script id="kg-data"> (written by kg/view.py).
// Text from the store is only ever set with textContent, never parsed as HTML.
(function () {
  "use strict";
  // Marks for the benchmark: where the time until the graph is drawn goes.
  performance.mark("kg-script");
  const data = JSON.parse(document.getElementById("kg-data").textContent);

  const CLASS_COLOURS = {
    Company: "#4e79a7", GovernmentAgency: "#9c755f", Organization: "#76b7b2", Person: "#e15759",
    Product: "#59a14f", App: "#f28e2b", MiniProgram: "#edc948", Platform: "#b07aa1",
    Feature: "#ff9da7", PaymentService: "#8cd17d", AdPlatform: "#86bcb6", InvestmentFirm: "#1f5f8b",
    AIModel: "#d37295", Chip: "#499894", Thing: "#bab0ac",
  };
  // Asserted edges are solid; every other modality is dashed, coloured and marked in its label.
  const MODALITY = {
    asserted: { colour: "#57606a", dashes: false },
    planned: { colour: "#1f6feb", dashes: [8, 5] },
    rumoured: { colour: "#d4660a", dashes: [3, 4] },
    denied: { colour: "#cf222e", dashes: [10, 4, 2, 4] },
    hypothetical: { colour: "#8250df", dashes: [5, 5] },
  };

  function term(name) {
    return data.terms[name] || [name, name];
  }
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function nodeName(node) {
    return node.english ? node.label + "（" + node.english + "）" : node.label;
  }
  function modalityTag(modality) {
    const tag = el("span", term(modality)[0] + " " + term(modality)[1], "tag");
    tag.style.background = (MODALITY[modality] || MODALITY.asserted).colour;
    tag.dataset.modality = modality;
    return tag;
  }

  const byId = new Map(data.nodes.map((n) => [n.id, n]));
  const large = data.nodes.length > 300;

  const nodes = new vis.DataSet(data.nodes.map((n) => ({
    id: n.id,
    label: n.english ? n.label + "\n" + n.english : n.label,
    title: nodeName(n) + "\n" + term(n.kind)[0] + " · " + term(n.kind)[1] + "\n" + n.id,
    group: n.kind,
    color: { background: CLASS_COLOURS[n.kind] || CLASS_COLOURS.Thing, border: n.focus ? "#1f2328" : "#ffffff" },
    borderWidth: n.focus ? 3 : 1,
    size: n.focus ? 20 : 12,
    font: { size: n.focus ? 16 : 13, strokeWidth: 3, strokeColor: "#ffffff" },
  })));

  // Edges between the same two entities bend apart so that each label stays readable.
  const parallel = new Map();
  const edges = new vis.DataSet(data.edges.map((e) => {
    const pair = [e.source, e.target].sort().join(" ");
    const k = parallel.get(pair) || 0;
    parallel.set(pair, k + 1);
    const style = MODALITY[e.modality] || MODALITY.asserted;
    const relation = term(e.relation);
    const mark = e.modality === "asserted" ? "" : "（" + term(e.modality)[0] + "）";
    return {
      id: e.id,
      from: e.source,
      to: e.target,
      label: relation[0] + mark,
      title: relation[1] + (mark ? " · " + term(e.modality)[1] : "") + (e.catalog ? " · catalog" : "")
        + " · " + e.evidence.filter((x) => x.statement).length + " statement(s)",
      arrows: e.symmetric ? "" : "to",
      dashes: style.dashes,
      color: { color: style.colour, highlight: "#0969da", hover: "#0969da" },
      width: e.catalog && e.evidence.length === 1 ? 1 : 2,
      font: { size: 11, color: style.colour, strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      smooth: k === 0 ? false : { enabled: true, type: k % 2 ? "curvedCW" : "curvedCCW", roundness: 0.2 * Math.ceil(k / 2) },
    };
  }));

  performance.mark("kg-data");
  const container = document.getElementById("graph");
  const network = new vis.Network(container, { nodes: nodes, edges: edges }, {
    layout: { improvedLayout: data.nodes.length <= 100, randomSeed: 7 },
    physics: {
      solver: "barnesHut",
      // On a large graph a coarser Barnes–Hut approximation (theta) halves the layout time
      // (benchmarks/VIEW.md); a small one gets the exact forces and room around each node.
      barnesHut: { gravitationalConstant: -6000, springLength: 140, avoidOverlap: large ? 0 : 0.2,
                   theta: large ? 0.9 : 0.5 },
      stabilization: { iterations: large ? 150 : 400, updateInterval: 50, fit: true },
    },
    interaction: { hover: true, tooltipDelay: 150, navigationButtons: false, hideEdgesOnDrag: large },
    nodes: { shape: "dot" },
  });

  // The page says when it has drawn the laid-out graph, and what it drew (read by the tests
  // and the benchmark).
  performance.mark("kg-network");
  let rendered = false;
  function markRendered() {
    if (rendered) return;
    rendered = true;
    performance.mark("kg-drawn");
    const body = document.body.dataset;
    body.renderedNodes = String(Object.keys(network.getPositions()).length);
    body.renderedEdges = String(network.body.edgeIndices.length);
    body.renderMs = String(Math.round(performance.now()));
    body.rendered = "true";
  }
  function settle() {
    performance.mark("kg-stable");
    network.setOptions({ physics: false });
    network.fit();
    network.once("afterDrawing", markRendered);
    network.redraw();
  }
  if (data.nodes.length === 0) {
    markRendered();
  } else {
    network.once("stabilizationIterationsDone", settle);
  }

  // -- details of a clicked edge or node -------------------------------------------------------
  const details = document.getElementById("details");
  const hint = details.firstElementChild;

  function showEdge(edge) {
    details.replaceChildren();
    const relation = term(edge.relation);
    const from = byId.get(edge.source), to = byId.get(edge.target);
    const head = el("h2", nodeName(from) + (edge.symmetric ? " — " : " → ") + relation[0] + " "
      + relation[1] + (edge.symmetric ? " — " : " → ") + nodeName(to));
    details.append(head, modalityTag(edge.modality));
    details.dataset.edge = edge.id;
    for (const item of edge.evidence) {
      const box = el("div", null, "evidence");
      if (item.statement === null) {
        box.append(el("div", "实体目录 · entity catalog (ontology/catalog/)", "meta"));
        details.append(box);
        continue;
      }
      box.append(el("blockquote", item.sentence, "sentence"));
      const when = item.date ? item.date + (item.when && item.when !== item.date ? "（" + item.when + "）" : "")
        : (item.when ? item.when + "（未解析 · unresolved）" : "无日期 · undated");
      box.append(el("div", "日期 date: " + when, "meta date"));
      box.append(el("div", "情态 modality: " + term(item.modality)[0] + " · " + term(item.modality)[1], "meta modality"));
      const source = item.source || {};
      const lines = [source.title, source.path, source.published && "发布 published " + source.published,
        source.url, source.doc].filter(Boolean);
      box.append(el("div", "来源 source: " + lines.join(" · "), "meta source"));
      box.append(el("div", item.statement, "meta"));
      details.append(box);
    }
  }

  function showNode(node) {
    details.replaceChildren();
    details.dataset.node = node.id;
    details.append(el("h2", nodeName(node)));
    details.append(el("div", term(node.kind)[0] + " · " + term(node.kind)[1], "meta"));
    details.append(el("div", node.id, "meta"));
    const count = data.edges.filter((e) => e.source === node.id || e.target === node.id).length;
    details.append(el("p", count + " 条边 · edges"));
    if (data.served) details.append(el("p", "双击打开它的关系图 · double-click to open its neighbourhood", "hint"));
  }

  const edgeById = new Map(data.edges.map((e) => [e.id, e]));
  network.on("click", (params) => {
    if (params.nodes.length) showNode(byId.get(params.nodes[0]));
    else if (params.edges.length) showEdge(edgeById.get(params.edges[0]));
    else { details.replaceChildren(hint); delete details.dataset.edge; delete details.dataset.node; }
  });
  if (data.served) {
    network.on("doubleClick", (params) => {
      if (params.nodes.length) window.location.search = "?entity=" + encodeURIComponent(params.nodes[0]);
    });
  }

  // -- header, legend, timeline -----------------------------------------------------------------
  document.getElementById("title").textContent = data.title;
  document.getElementById("counts").textContent = data.nodes.length + " 个实体 entities · "
    + data.edges.length + " 条边 edges · " + data.timeline.length + " 条有日期的陈述 dated statements";

  const legend = document.getElementById("legend");
  for (const kind of [...new Set(data.nodes.map((n) => n.kind))].sort()) {
    const item = el("span");
    const swatch = el("span", null, "swatch");
    swatch.style.background = CLASS_COLOURS[kind] || CLASS_COLOURS.Thing;
    item.append(swatch, term(kind)[0] + " " + term(kind)[1]);
    legend.append(item);
  }
  for (const modality of [...new Set(data.edges.map((e) => e.modality))]) {
    const item = el("span");
    const stroke = el("span", null, "stroke");
    stroke.style.borderTopColor = MODALITY[modality].colour;
    stroke.style.borderTopStyle = modality === "asserted" ? "solid" : "dashed";
    item.append(stroke, term(modality)[0] + " " + term(modality)[1]);
    legend.append(item);
  }

  document.getElementById("timeline-title").textContent = data.timelineTitle;
  const body = document.getElementById("timeline-body");
  const years = new Map();
  for (const item of data.timeline) {
    if (!years.has(item.year)) years.set(item.year, []);
    years.get(item.year).push(item);
  }
  for (const [year, items] of years) {
    const section = el("section", null, "year");
    section.dataset.year = year;
    section.append(el("h3", year));
    const list = el("ol");
    for (const item of items) {
      const li = el("li");
      li.dataset.modality = item.modality;
      li.append(el("span", item.date + (item.when ? "（" + item.when + "）" : ""), "date"));
      li.append(item.subject_label + " → " + term(item.relation)[0] + " → " + item.object_label + " ");
      if (item.modality !== "asserted") li.append(modalityTag(item.modality), " ");
      li.append(el("span", item.sentence, "sentence"));
      const source = item.source || {};
      li.append(el("div", [source.title, source.path].filter(Boolean).join(" · "), "meta"));
      list.append(li);
    }
    section.append(list);
    body.append(section);
  }
  if (!data.timeline.length) body.append(el("p", "没有有日期的陈述 · no dated statements", "hint"));
  if (data.undated) body.append(el("p", data.undated + " 条陈述没有日期，未列出 · undated statements not listed", "hint"));

  // -- metric facts of the entity: a table, newest first per measure ---------------------------
  const metricsBody = document.getElementById("metrics-body");
  const APPROX = { exact: "", about: "约 ", over: "超过 ", under: "不到 ", range: "" };
  if ((data.metrics || []).length) {
    const table = el("table");
    const head = el("tr");
    for (const h of ["实体 entity", "度量 measure", "数值 value", "日期 date", "原句 sentence"]) head.append(el("th", h));
    table.append(head);
    for (const m of data.metrics) {
      const row = el("tr");
      row.dataset.measure = m.measure;
      row.append(el("td", m.entity_label), el("td", term(m.measure)[0] + " " + term(m.measure)[1]));
      const value = Number(m.value).toLocaleString("zh-CN") + " " + m.unit;
      row.append(el("td", (APPROX[m.approx] || "") + value + "（" + m.value_text + "）", "value"));
      row.append(el("td", m.date || ""));
      const source = m.source || {};
      const cell = el("td", m.sentence, "sentence");
      cell.append(el("div", [source.title, source.path].filter(Boolean).join(" · "), "meta"));
      row.append(cell);
      table.append(row);
    }
    metricsBody.append(table);
  } else {
    metricsBody.append(el("p", "没有数据 · no metric facts", "hint"));
  }

  window.kgView = { network: network, nodes: nodes, edges: edges, data: data };
})();
