// realpolitik dashboard: reads the server's JSON API and draws it with ECharts.
// All text from the API goes into the page through textContent and DOM nodes, never innerHTML;
// chart tooltips use ECharts' richText mode, which draws text on the canvas.
"use strict";

(() => {
  const COLOURS = {
    cooperative: "#2b7bb9",
    conflictual: "#d7301f",
    neutral: "#9aa5b1",
    none: "#e4e7eb",
    chosen: "#f0b429",
  };
  const RELATION_LABELS = {
    cooperative: "cooperative",
    conflictual: "conflictual",
    neutral: "neutral",
    none: "no events",
    chosen: "chosen state",
  };
  // A relation whose score is within this distance of 0 is neutral.
  const NEUTRAL_BAND = 0.5;
  // Bloc colours stay clear of the relation colours (blue, red, grey) and the chosen amber.
  const BLOC_PALETTE = ["#7b5ea7", "#2a9d8f", "#8c6d31", "#c2185b", "#5c7cfa", "#6a994e",
    "#b5651d", "#00838f", "#9c6644", "#455a64"];
  const PLOVER_TYPES = ["AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE",
    "ASSAULT"];
  const MODALITIES = ["factual", "planned", "speculative", "negated"];
  const PAGE_SIZE = 20;
  const BUILD_COMMAND = "python -m realpolitik.server.assets";

  const state = {
    actor: "", // the chosen state, ISO-3
    partner: "", // the other side of the dyad, ISO-3
    period: "",
    offset: 0,
    total: 0,
    token: sessionStorage.getItem("realpolitik-token") || "", // for servers that want one
    names: new Map(), // ISO-3 -> name, from the country shapes
    mapReady: false,
  };
  const charts = {};
  const tickets = { events: 0, timeline: 0 }; // the latest request of each panel wins
  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- DOM helpers

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null) continue;
      if (key === "className") node.className = value;
      else if (key === "text") node.textContent = String(value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function showError(id, error) {
    const node = $(id);
    node.hidden = !error;
    node.textContent = error ? String(error.message || error) : "";
  }

  function nameOf(code) {
    return state.names.get(code) || code || "";
  }

  // ---------------------------------------------------------------- the API

  function detailOf(body) {
    if (!body || body.detail === undefined) return "";
    if (typeof body.detail === "string") return body.detail;
    if (Array.isArray(body.detail)) {
      return body.detail.map((d) => (d && d.msg ? d.msg : JSON.stringify(d))).join("; ");
    }
    return JSON.stringify(body.detail);
  }

  async function api(path, { method = "GET", body } = {}) {
    const init = { method, headers: { Accept: "application/json" } };
    if (state.token) init.headers.Authorization = `Bearer ${state.token}`;
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      throw new Error(`${method} ${path}: the server did not answer (${error.message})`);
    }
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (response.status === 401) $("token-box").hidden = false;
    if (!response.ok) {
      const why = detailOf(data) || `${response.status} ${response.statusText}`;
      throw new Error(`${method} ${path.split("?")[0]}: ${why}`);
    }
    return data;
  }

  function query(params) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== undefined && item !== null && item !== "") search.append(key, item);
      }
    }
    const text = search.toString();
    return text ? `?${text}` : "";
  }

  // A period as the API's relations take it, as the days /events filters on.
  function periodRange(period) {
    const text = period.trim();
    let m = text.match(/^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/);
    if (m) return { since: m[1], until: m[2] };
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { since: text, until: text };
    const day = (y, mo, d) => `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
    const lastDay = (y, mo) => new Date(Date.UTC(y, mo, 0)).getUTCDate();
    m = text.match(/^(\d{4})-(\d{2})$/);
    if (m) {
      const [y, mo] = [Number(m[1]), Number(m[2])];
      return { since: day(y, mo, 1), until: day(y, mo, lastDay(y, mo)) };
    }
    m = text.match(/^(\d{4})-Q([1-4])$/i);
    if (m) {
      const [y, q] = [Number(m[1]), Number(m[2])];
      return { since: day(y, 3 * q - 2, 1), until: day(y, 3 * q, lastDay(y, 3 * q)) };
    }
    if (/^\d{4}$/.test(text)) return { since: `${text}-01-01`, until: `${text}-12-31` };
    return {};
  }

  // ---------------------------------------------------------------- relations

  function relationOf(score) {
    if (score === null || score === undefined || Number.isNaN(score)) return "none";
    if (score > NEUTRAL_BAND) return "cooperative";
    if (score < -NEUTRAL_BAND) return "conflictual";
    return "neutral";
  }

  // How cooperative a relation is: its index (score per unit of weight) when the API gives one.
  function strength(row) {
    return typeof row.index === "number" ? row.index : row.score;
  }

  function counted(n, noun) {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
  }

  function fmt(value, digits = 1) {
    return typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "–";
  }

  // ---------------------------------------------------------------- the map

  function drawLegend() {
    const legend = $("map-legend");
    legend.replaceChildren(
      ...["cooperative", "neutral", "conflictual", "none", "chosen"].map((key) =>
        el("li", {}, el("span", { className: "swatch", style: `background:${COLOURS[key]}` }),
          RELATION_LABELS[key])),
    );
  }

  async function loadShapes() {
    const response = await fetch("/static/vendor/world.geojson");
    if (!response.ok) throw new Error("the country shapes (world.geojson) are missing");
    const world = await response.json();
    for (const feature of world.features) {
      state.names.set(feature.properties.iso3, feature.properties.name);
    }
    return world;
  }

  function initMap(world) {
    echarts.registerMap("world", world);
    const chart = echarts.init($("map"));
    charts.map = chart;
    chart.setOption({
      tooltip: { trigger: "item", renderMode: "richText", formatter: mapTooltip },
      series: [{
        id: "relations",
        type: "map",
        map: "world",
        nameProperty: "iso3",
        roam: true,
        scaleLimit: { min: 1, max: 12 },
        aspectScale: 0.85,
        left: 4,
        right: 4,
        top: 4,
        bottom: 4,
        selectedMode: false,
        label: { show: false },
        itemStyle: { areaColor: COLOURS.none, borderColor: "#ffffff", borderWidth: 0.5 },
        emphasis: {
          label: { show: false },
          itemStyle: { areaColor: "#cfd6de", borderColor: "#102a43", borderWidth: 1.2 },
        },
        data: [],
      }],
    });
    chart.on("click", (params) => {
      const code = params.name;
      if (!code) return;
      if (!state.actor) chooseState(code);
      else if (code !== state.actor) choosePartner(code);
    });
    state.mapReady = true;
  }

  function mapTooltip(params) {
    const code = params.name;
    const item = params.data || {};
    const head = `${nameOf(code)} (${code})`;
    if (item.relation === "chosen") return `${head}\nthe chosen state`;
    if (!item.n_events) return `${head}\nno events with ${nameOf(state.actor) || "the chosen state"}`;
    return `${head}\n${item.relation}: score ${fmt(item.value)}, ${item.n_events} events`;
  }

  async function loadRelations() {
    const mapNode = $("map");
    $("state-name").textContent = state.actor ? nameOf(state.actor) : "—";
    if (!state.actor) {
      mapNode.dataset.state = "";
      return [];
    }
    showError("map-error", null);
    const actor = state.actor;
    let partners = [];
    try {
      if (charts.map) charts.map.showLoading({ text: "" });
      const answer = await api(
        `/relations/${encodeURIComponent(actor)}${query({ period: state.period })}`);
      partners = (answer.partners || []).filter((p) => p.country && p.country !== actor);
    } catch (error) {
      showError("map-error", error);
    } finally {
      if (charts.map) charts.map.hideLoading();
    }
    if (actor !== state.actor) return partners; // another state was chosen meanwhile
    if (charts.map) {
      const data = partners.map((p) => {
        const relation = relationOf(strength(p));
        return {
          name: p.country,
          value: p.score,
          n_events: p.n_events,
          relation,
          itemStyle: { areaColor: COLOURS[relation] },
          emphasis: { itemStyle: { areaColor: COLOURS[relation] } },
        };
      });
      data.push({
        name: state.actor, value: null, n_events: 0, relation: "chosen",
        itemStyle: { areaColor: COLOURS.chosen },
        emphasis: { itemStyle: { areaColor: COLOURS.chosen } },
      });
      charts.map.setOption({ series: [{ id: "relations", data }] });
    }
    mapNode.dataset.state = state.actor;
    mapNode.dataset.partners = String(partners.length);
    return partners;
  }

  // ---------------------------------------------------------------- the dyad timeline

  function placeholder(text) {
    return {
      text,
      left: "center",
      top: "middle",
      textStyle: { color: "#616e7c", fontSize: 13, fontWeight: "normal" },
    };
  }

  function initTimeline() {
    charts.timeline = echarts.init($("timeline"));
    charts.timeline.setOption({ title: placeholder("Choose a state, then click a partner") });
  }

  async function loadTimeline() {
    const a = state.actor;
    const b = state.partner;
    $("dyad-name").textContent = a && b ? `${nameOf(a)} – ${nameOf(b)}` : "—";
    $("timeline").dataset.dyad = a && b ? `${a}-${b}` : "";
    if (!charts.timeline) return;
    showError("timeline-error", null);
    if (!a || !b) {
      charts.timeline.clear();
      charts.timeline.setOption({ title: placeholder("Choose a state, then click a partner") });
      return;
    }
    let series = [];
    const ticket = ++tickets.timeline;
    try {
      const path = `/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`;
      const window_ = periodRange(state.period); // the dyad takes days, not a period
      const answer = await api(`${path}${query({ by: "month", ...window_ })}`);
      series = answer.series || [];
    } catch (error) {
      showError("timeline-error", error);
    }
    if (ticket !== tickets.timeline) return; // a later dyad was asked for
    charts.timeline.clear();
    if (!series.some((row) => row.n_events > 0)) {
      const when = state.period ? ` in ${state.period}` : "";
      charts.timeline.setOption({ title: placeholder(`No events between ${a} and ${b}${when}`) });
      return;
    }
    const periods = series.map((row) => row.period);
    charts.timeline.setOption({
      grid: { left: 44, right: 44, top: 34, bottom: 28 },
      legend: { top: 0, data: ["score", "events"] },
      tooltip: { trigger: "axis", renderMode: "richText" },
      xAxis: { type: "category", data: periods },
      yAxis: [
        { type: "value", name: "score", nameGap: 8, splitLine: { lineStyle: { color: "#eef1f4" } } },
        { type: "value", name: "events", nameGap: 8, minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          name: "events", type: "bar", yAxisIndex: 1, barMaxWidth: 14,
          itemStyle: { color: "#d9dee4" }, data: series.map((row) => row.n_events),
        },
        {
          name: "score", type: "line", symbol: "circle", symbolSize: 9, z: 3, connectNulls: true,
          lineStyle: { width: 2.5, color: "#102a43" },
          label: {
            show: series.length <= 24, position: "top", formatter: (p) => fmt(p.value),
          },
          itemStyle: { color: "#102a43" },
          markLine: { silent: true, symbol: "none", lineStyle: { color: "#9aa5b1", type: "dashed" },
            data: [{ yAxis: 0 }], label: { show: false } },
          // A month without events has no score: a gap, not a neutral 0.
          data: series.map((row) => ({
            value: row.n_events > 0 ? row.score : null,
            itemStyle: { color: COLOURS[relationOf(strength(row))] },
          })),
        },
      ],
    });
  }

  // ---------------------------------------------------------------- the alignment network

  function initNetwork() {
    charts.network = echarts.init($("network"));
    charts.network.on("click", (params) => {
      if (params.dataType === "node") chooseState(params.data.id);
    });
  }

  async function loadNetwork() {
    showError("network-error", null);
    let answer;
    try {
      answer = await api(`/blocs${query({ period: state.period })}`);
    } catch (error) {
      showError("network-error", error);
      return null;
    }
    const blocs = answer.blocs || [];
    const edges = answer.edges || [];
    $("blocs-summary").textContent = blocs.length
      ? `${blocs.length} bloc${blocs.length === 1 ? "" : "s"}, modularity ${fmt(answer.modularity, 2)}`
      : "";
    if (!charts.network) return answer;
    const categoryOf = new Map();
    blocs.forEach((bloc, index) => {
      for (const country of bloc.countries || []) categoryOf.set(country, index);
    });
    const degree = new Map();
    for (const edge of edges) {
      for (const side of [edge.a, edge.b]) {
        degree.set(side, (degree.get(side) || 0) + (edge.n_events || 1));
        if (!categoryOf.has(side)) categoryOf.set(side, blocs.length);
      }
    }
    const categories = blocs.map((bloc, index) => ({
      name: `bloc ${index + 1}`,
      itemStyle: { color: BLOC_PALETTE[index % BLOC_PALETTE.length] },
    }));
    if ([...categoryOf.values()].includes(blocs.length)) {
      categories.push({ name: "no bloc", itemStyle: { color: COLOURS.neutral } });
    }
    const ordered = [...categoryOf.entries()].sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
    const nodes = ordered.map(([code, category]) => ({
      id: code,
      name: code,
      category,
      value: degree.get(code) || 0,
      symbolSize: 14 + Math.min(22, 4 * Math.sqrt(degree.get(code) || 0)),
      itemStyle: code === state.actor ? { borderColor: "#102a43", borderWidth: 3 } : undefined,
    }));
    const links = edges.map((edge) => ({
      source: edge.a,
      target: edge.b,
      value: edge.score,
      n_events: edge.n_events,
      lineStyle: {
        color: COLOURS[relationOf(strength(edge))],
        width: 1 + Math.min(5, Math.log2(1 + (edge.n_events || 1))),
        opacity: 0.8,
      },
    }));
    charts.network.clear();
    if (!nodes.length) {
      const where = state.period ? `in ${state.period}` : "in the store yet";
      charts.network.setOption({ title: placeholder(`No relations ${where}`) });
      return answer;
    }
    charts.network.setOption({
      legend: { top: 0, data: categories.map((c) => c.name) },
      tooltip: {
        renderMode: "richText",
        formatter: (params) => {
          if (params.dataType === "edge") {
            const d = params.data;
            return `${d.source} – ${d.target}\nscore ${fmt(d.value)}, ${d.n_events} events`;
          }
          const name = nameOf(params.data.id);
          return `${name} (${params.data.id})\n${categories[params.data.category].name}`;
        },
      },
      series: [{
        type: "graph",
        // A circle, bloc after bloc: it always fits the panel, and each bloc is one arc.
        layout: "circular",
        circular: { rotateLabel: false },
        roam: true,
        top: 40,
        bottom: 22,
        left: 40,
        right: 40,
        label: { show: true, position: "right", fontSize: 11 },
        categories,
        data: nodes,
        links,
        emphasis: { focus: "adjacency" },
      }],
    });
    return answer;
  }

  // ---------------------------------------------------------------- the state selector

  function fillStates(active) {
    const select = $("state");
    const current = select.value;
    const withEvents = [...active].sort((x, y) => nameOf(x).localeCompare(nameOf(y)));
    const others = [...state.names.keys()].filter((code) => !active.has(code))
      .sort((x, y) => nameOf(x).localeCompare(nameOf(y)));
    const label = (code) => (state.names.has(code) ? `${nameOf(code)} (${code})` : code);
    const option = (code) => el("option", { value: code, text: label(code) });
    const groups = [];
    if (withEvents.length) {
      groups.push(el("optgroup", { label: "With events" }, ...withEvents.map(option)));
    }
    if (others.length) groups.push(el("optgroup", { label: "Other states" }, ...others.map(option)));
    select.replaceChildren(el("option", { value: "", text: "choose a state…" }), ...groups);
    select.value = current;
  }

  async function chooseState(code) {
    state.actor = code;
    state.partner = "";
    $("state").value = code;
    if (location.hash.slice(1) !== code) history.replaceState(null, "", code ? `#${code}` : "#");
    const partners = await loadRelations();
    const busiest = [...partners].sort((x, y) => (y.n_events || 0) - (x.n_events || 0))[0];
    state.partner = busiest ? busiest.country : "";
    const form = $("event-filters");
    form.elements.actor.value = code;
    form.elements.partner.value = "";
    state.offset = 0;
    await Promise.all([loadTimeline(), loadEvents(), loadNetwork()]);
  }

  async function choosePartner(code) {
    state.partner = code;
    const form = $("event-filters");
    form.elements.actor.value = state.actor;
    form.elements.partner.value = code;
    state.offset = 0;
    await Promise.all([loadTimeline(), loadEvents()]);
  }

  // ---------------------------------------------------------------- the event table

  function actorCell(actor) {
    if (!actor) return el("td", { className: "code", text: "?" });
    return el("td", { className: "code", title: actor.text || "" }, actor.code || actor.country || "?");
  }

  function modalityBadge(modality) {
    return el("span", { className: `modality modality-${modality || "factual"}`, text: modality || "" });
  }

  function eventCell(event) {
    const label = event.cameo_name ? `${event.type} · ${event.cameo_name}` : event.type;
    return el("td", { title: `CAMEO ${event.cameo}, Goldstein ${fmt(event.goldstein)}` }, label);
  }

  function placeCell(place) {
    return el("td", { text: place ? `${place.name}${place.country ? ` (${place.country})` : ""}` : "" });
  }

  // One event as a table row: date, source, event, target, modality, place, then `last`.
  function eventRow(event, last) {
    return el("tr", { dataset: { eventId: event.id || "" } },
      el("td", { className: "code", text: event.date || "" }),
      actorCell(event.source),
      eventCell(event),
      actorCell(event.target),
      el("td", {}, modalityBadge(event.modality)),
      placeCell(event.place),
      last);
  }

  function filters() {
    const form = $("event-filters");
    const range = periodRange(state.period);
    return {
      actor: form.elements.actor.value.trim().toUpperCase(),
      partner: form.elements.partner.value.trim().toUpperCase(),
      type: form.elements.type.value,
      modality: form.elements.modality.value,
      q: form.elements.q.value.trim(),
      since: range.since,
      until: range.until,
    };
  }

  async function loadEvents() {
    showError("events-error", null);
    const body = $("events").tBodies[0];
    const ticket = ++tickets.events;
    let answer;
    try {
      answer = await api(`/events${query({ ...filters(), limit: PAGE_SIZE, offset: state.offset })}`);
      if (ticket !== tickets.events) return; // a later request will draw the table
    } catch (error) {
      showError("events-error", error);
      body.replaceChildren();
      return;
    }
    state.total = answer.total || 0;
    const items = answer.items || [];
    const rows = items.map((event) => {
      const row = eventRow(event, el("td", { className: "sentence", text: event.sentence || "" }));
      row.addEventListener("click", () => {
        for (const other of body.rows) other.classList.remove("selected");
        row.classList.add("selected");
        openEvidence(event.id);
      });
      return row;
    });
    if (!rows.length) {
      rows.push(el("tr", { className: "empty" }, el("td", { colspan: 7, text: "No events match." })));
    }
    body.replaceChildren(...rows);
    const first = items.length ? state.offset + 1 : 0;
    $("page-info").textContent = `${first}–${state.offset + items.length} of ${state.total}`;
    $("prev").disabled = state.offset === 0;
    $("next").disabled = state.offset + items.length >= state.total;
  }

  // ---------------------------------------------------------------- evidence in its article

  // The text as nodes, with the spans marked: spans = [{start, end, className, title, inner}],
  // sorted, not overlapping; `inner` optionally marks a sub-span (the trigger in a sentence).
  function markedText(text, spans) {
    const nodes = [];
    let at = 0;
    for (const span of spans) {
      if (span.start < at || span.end > text.length || span.end <= span.start) continue;
      if (span.start > at) nodes.push(document.createTextNode(text.slice(at, span.start)));
      const mark = el("mark", { className: span.className, title: span.title, dataset: span.dataset });
      const inner = span.inner;
      if (inner && inner.start >= span.start && inner.end <= span.end && inner.end > inner.start) {
        mark.append(
          text.slice(span.start, inner.start),
          el("mark", { className: inner.className, text: text.slice(inner.start, inner.end) }),
          text.slice(inner.end, span.end),
        );
      } else {
        mark.textContent = text.slice(span.start, span.end);
      }
      nodes.push(mark);
      at = span.end;
    }
    if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
    return nodes;
  }

  // Where the evidence sentence is in the text: its offsets, or else where its words are.
  function locate(text, evidence) {
    const { sentence_start: start, sentence_end: end, sentence } = evidence;
    if (Number.isInteger(start) && Number.isInteger(end) && text.slice(start, end) === sentence) {
      return { start, end, shift: 0 };
    }
    const found = sentence ? text.indexOf(sentence) : -1;
    if (found >= 0) return { start: found, end: found + sentence.length, shift: found - start };
    return null;
  }

  function safeLink(url, label) {
    if (!url || !/^https?:\/\//i.test(url)) return label;
    const link = el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: label });
    return link;
  }

  async function openEvidence(id) {
    const panel = $("evidence-panel");
    panel.hidden = false;
    showError("evidence-error", null);
    $("evidence-text").replaceChildren();
    try {
      const event = await api(`/events/${encodeURIComponent(id)}`);
      const evidence = event.evidence || {};
      const document_ = event.document || {};
      const docId = evidence.doc_id || event.doc_id || document_.id;
      const article = await api(`/documents/${encodeURIComponent(docId)}`);
      const title = article.title || document_.title || docId;
      $("evidence-title").replaceChildren(
        "· ", safeLink(article.url || document_.url, title), article.date ? `, ${article.date}` : "");
      const source = event.source ? event.source.code : "?";
      const target = event.target ? event.target.code : "?";
      $("evidence-meta").replaceChildren(
        `${event.type} (${event.cameo}${event.cameo_name ? ` ${event.cameo_name}` : ""}) · `,
        el("span", { className: "code", text: `${source} → ${target}` }), " · ",
        modalityBadge(event.modality),
        ` · trigger “${event.trigger || ""}” · rule ${[evidence.rule || "–"].flat().join(" ")}`,
        ` · confidence ${fmt(event.confidence, 2)}`);
      const text = article.text || "";
      const where = locate(text, evidence);
      if (!where) {
        $("evidence-text").replaceChildren(text);
        throw new Error("the evidence sentence was not found in the article text");
      }
      const inner = Number.isInteger(evidence.trigger_start)
        ? {
          start: evidence.trigger_start + where.shift,
          end: evidence.trigger_end + where.shift,
          className: "trigger",
        }
        : null;
      $("evidence-text").replaceChildren(...markedText(text, [{
        start: where.start,
        end: where.end,
        className: "evidence-sentence highlight",
        title: `${event.type}: ${source} → ${target}`,
        dataset: { eventId: id },
        inner,
      }]));
      const mark = $("evidence-text").querySelector("mark.evidence-sentence");
      if (mark) mark.scrollIntoView({ block: "nearest" });
      panel.scrollIntoView({ block: "nearest" });
    } catch (error) {
      showError("evidence-error", error);
    }
  }

  // ---------------------------------------------------------------- paste an article

  function articleBody() {
    const form = $("extract-form");
    return {
      text: form.elements.text.value,
      date: form.elements.date.value || null,
      title: form.elements.title.value.trim() || null,
    };
  }

  function renderExtract(answer, text) {
    const places = answer.places || [];
    const dates = answer.dates || [];
    const spans = [
      ...places.map((p) => ({
        start: p.start, end: p.end, className: "place",
        title: `${p.name || p.text}${p.country ? `, ${p.country}` : ""} (${p.reading || "place"})`,
      })),
      ...dates.map((d) => ({ start: d.start, end: d.end, className: "date", title: d.value || "" })),
    ].filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end))
      .sort((x, y) => x.start - y.start || y.end - x.end);
    $("extract-text").replaceChildren(...markedText(text, spans));

    const events = answer.events || [];
    const rows = events.map((event) => eventRow(event, el("td", { text: event.trigger || "" })));
    if (!rows.length) {
      rows.push(el("tr", { className: "empty" }, el("td", { colspan: 7, text: "No events found." })));
    }
    $("extract-events").tBodies[0].replaceChildren(...rows);

    const items = places.map((p) => el("li", { className: "place-item" },
      el("strong", { text: p.name || p.text }),
      p.country ? ` (${p.country})` : "",
      typeof p.lat === "number" ? ` ${fmt(p.lat, 2)}, ${fmt(p.lon, 2)}` : "",
      p.reading && p.reading !== "place" ? ` · read as ${p.reading}` : "",
      p.text && p.name && p.text !== p.name ? ` · “${p.text}”` : ""));
    if (!items.length) items.push(el("li", { className: "muted", text: "No places found." }));
    $("extract-places").replaceChildren(...items);
    $("extract-result").hidden = false;
    $("extract-status").textContent = [
      counted(events.length, "event"), counted(places.length, "place"), counted(dates.length, "date"),
    ].join(", ");
  }

  async function extractArticle(submitEvent) {
    submitEvent.preventDefault();
    showError("extract-error", null);
    const body = articleBody();
    if (!body.text.trim()) return;
    $("extract-status").textContent = "reading…";
    try {
      const answer = await api("/extract", { method: "POST", body });
      renderExtract(answer, body.text);
    } catch (error) {
      $("extract-status").textContent = "";
      showError("extract-error", error);
    }
  }

  async function ingestArticle() {
    showError("extract-error", null);
    const body = articleBody();
    if (!body.text.trim()) return;
    $("extract-status").textContent = "storing…";
    try {
      const answer = await api("/ingest", { method: "POST", body: { ...body, url: null } });
      $("extract-status").textContent = answer.new
        ? `stored as ${answer.doc_id}: ${answer.events} events`
        : `already in the store (${answer.doc_id})`;
      await refresh();
    } catch (error) {
      $("extract-status").textContent = "";
      showError("extract-error", error);
    }
  }

  // ---------------------------------------------------------------- start

  async function loadHealth() {
    try {
      const health = await api("/health");
      $("health").textContent =
        `${counted(health.documents, "document")} · ${counted(health.events, "event")}`;
      showError("error", null);
    } catch (error) {
      showError("error", error);
    }
  }

  async function refresh() {
    await loadHealth();
    const blocs = await loadNetwork();
    const active = new Set();
    for (const edge of (blocs && blocs.edges) || []) {
      active.add(edge.a);
      active.add(edge.b);
    }
    fillStates(active);
    if (state.actor) {
      await loadRelations();
      await Promise.all([loadTimeline(), loadEvents()]);
    } else {
      await loadEvents();
    }
    return blocs;
  }

  function busiestState(blocs) {
    const activity = new Map();
    for (const edge of (blocs && blocs.edges) || []) {
      for (const side of [edge.a, edge.b]) {
        activity.set(side, (activity.get(side) || 0) + (edge.n_events || 0));
      }
    }
    return [...activity.entries()].sort((x, y) => y[1] - x[1]).map(([code]) => code)[0] || "";
  }

  function wire() {
    const form = $("event-filters");
    for (const type of PLOVER_TYPES) form.elements.type.append(el("option", { value: type, text: type }));
    for (const m of MODALITIES) form.elements.modality.append(el("option", { value: m, text: m }));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      state.offset = 0;
      loadEvents();
    });
    form.addEventListener("reset", () => {
      setTimeout(() => {
        state.offset = 0;
        loadEvents();
      });
    });
    $("prev").addEventListener("click", () => {
      state.offset = Math.max(0, state.offset - PAGE_SIZE);
      loadEvents();
    });
    $("next").addEventListener("click", () => {
      state.offset += PAGE_SIZE;
      loadEvents();
    });
    $("state").addEventListener("change", (event) => chooseState(event.target.value));
    $("period").addEventListener("change", (event) => {
      state.period = event.target.value.trim();
      state.offset = 0;
      refresh();
    });
    $("token").value = state.token;
    $("token-box").addEventListener("submit", (event) => event.preventDefault());
    $("token").addEventListener("change", (event) => {
      state.token = event.target.value.trim();
      sessionStorage.setItem("realpolitik-token", state.token);
      refresh();
    });
    $("extract-form").addEventListener("submit", extractArticle);
    $("ingest").addEventListener("click", ingestArticle);
    window.addEventListener("resize", () => {
      for (const chart of Object.values(charts)) chart.resize();
    });
  }

  async function start() {
    wire();
    drawLegend();
    const haveCharts = typeof window.echarts !== "undefined";
    let world = null;
    try {
      world = await loadShapes();
    } catch (_) {
      world = null;
    }
    if (!haveCharts || !world) {
      $("assets-missing").hidden = false;
      for (const id of ["map", "timeline", "network"]) {
        $(id).replaceChildren(el("p", { className: "muted",
          text: `Charts unavailable: assets not built. Run ${BUILD_COMMAND}` }));
        $(id).classList.add("unavailable");
      }
      $("map-legend").hidden = true;
      $("map-hint").hidden = true;
    } else {
      initMap(world);
      initTimeline();
      initNetwork();
    }
    const blocs = await refresh();
    const wanted = location.hash.slice(1).toUpperCase();
    const first = /^[A-Z]{3}$/.test(wanted) ? wanted : busiestState(blocs);
    if (first) await chooseState(first);
    document.body.dataset.ready = "true";
  }

  window.realpolitik = { COLOURS, charts, state, chooseState, choosePartner, relationOf };
  start();
})();
