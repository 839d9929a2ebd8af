// Gebiedsplanner: the residents' web map. Every text from the data goes in as a text node.
// The list next to the map (below it on a phone) is the map's accessible form: it holds every
// measure in view (or in the chosen area) for the chosen year and filters, and is kept in step
// with the map both ways.
function gebiedsplannerKaart() {
  "use strict";
  var data = JSON.parse(document.getElementById("gp-data").textContent);
  var LIST_MAX = 150;
  var phone = window.matchMedia("(max-width: 700px)").matches;
  var coarse = window.matchMedia("(pointer: coarse)").matches;
  var domainColour = {}, domainLabel = {};
  data.domeinen.forEach(function (d) { domainColour[d.code] = d.kleur; domainLabel[d.code] = d.label; });
  var state = { year: data.jaren[0], all: false, domains: {}, hinder: false, area: null };
  data.domeinen.forEach(function (d) { state.domains[d.code] = true; });
  var thisYear = new Date().getFullYear();
  if (thisYear >= data.jaren[0] && thisYear <= data.jaren[1]) { state.year = thisYear; }

  function $(id) { return document.getElementById(id); }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function norm(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  function count(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function when(p) {
    if (!p.start) { return "onbekend"; }
    return p.eind && p.eind !== p.start ? p.start + " t/m " + p.eind : p.start;
  }
  function what(p) {
    return (domainLabel[p.domein] || p.domein) + (p.thema ? " · " + (data.themas[p.thema] || p.thema) : "");
  }
  function facts(p) {
    var dl = el("dl", null, "gp-feiten");
    function row(label, value) {
      if (value === null || value === undefined || value === "") { return; }
      dl.appendChild(el("dt", label));
      dl.appendChild(el("dd", value));
    }
    row("Wat", what(p));
    row("Waar", p.locatie ? p.locatie + (p.waar ? " (" + p.waar + ")" : "") : p.waar);
    row("Wanneer", when(p));
    row("Wie", p.eigenaar);
    row("Status", p.status);
    if (p.h) { row("Hinder", "te verwachten"); }
    return dl;
  }
  function yearText() { return state.all ? data.jaren[0] + "–" + data.jaren[1] : String(state.year); }

  // the measures: one record each; the map layer is made when it is first shown
  var records = data.maatregelen.features.map(function (f, k) {
    var p = f.properties;
    return { k: k, f: f, p: p, layer: null, bounds: null, key: norm(p.naam), place: norm(p.locatie) };
  });
  function active(r) {
    var p = r.p;
    return (state.all || (p.y0 <= state.year && state.year <= p.y1)) &&
      state.domains[p.domein] !== false && (!state.hinder || p.h === 1);
  }

  var touchTolerance = coarse ? 15 : 6;
  var renderer = L.canvas({ tolerance: touchTolerance, padding: 0.3 });
  var map = L.map("gp-kaart", {
    renderer: renderer, preferCanvas: true, zoomControl: false, zoomSnap: 0.25, tapTolerance: 20
  });
  L.control.zoom({ position: "bottomright", zoomInTitle: "Inzoomen", zoomOutTitle: "Uitzoomen" }).addTo(map);
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Gebieden: CBS, Kadaster");
  var popupOptions = { autoPanPaddingTopLeft: L.point(12, 12), autoPanPaddingBottomRight: L.point(60, 40),
                       maxWidth: phone ? 280 : 340, maxHeight: phone ? 320 : 420 };

  // the areas: coloured by how busy they are in the chosen year (with the filters)
  var areaCounts = [], maxCount = 1;
  function areaStyle(feature) {
    var n = areaCounts[feature.properties.i] || 0;
    var k = Math.min(data.ramp.length - 1, Math.floor(n / maxCount * (data.ramp.length - 1) + 0.5));
    var chosen = state.area === feature.properties.i;
    return { color: chosen ? "#000" : "#333", weight: chosen ? 3 : 1.2, fillColor: data.ramp[k],
             fillOpacity: hasTiles ? 0.18 : 0.3 };
  }
  function contact(box) { if (data.contact) { box.appendChild(el("p", data.contact, "gp-contact")); } }
  function areaPopup(i) {
    var props = data.gebieden.features[i].properties;
    var box = el("div", null, "gp-popup");
    box.appendChild(el("h2", props.naam));
    box.appendChild(el("p", (state.all ? "In " + yearText() + ": " : "In " + state.year + ": ") +
      count(areaCounts[i] || 0, "maatregel", "maatregelen") + " in dit gebied."));
    var loose = records.filter(function (r) { return !r.f.geometry && active(r) && r.p.g.indexOf(i) >= 0; });
    if (loose.length) {
      box.appendChild(el("p", "Ook in dit gebied, zonder vaste plek:"));
      var ul = el("ul");
      loose.forEach(function (r) { ul.appendChild(el("li", r.p.naam + " (" + when(r.p) + ")")); });
      box.appendChild(ul);
    }
    box.appendChild(el("p", "De lijst toont nu de maatregelen in dit gebied."));
    contact(box);
    return box;
  }
  var hasTiles = false;
  data.gebieden.features.forEach(function (f, i) { f.properties.i = i; });
  var areaLayers = [];
  var areaLayer = L.geoJSON(data.gebieden, {
    style: areaStyle,
    onEachFeature: function (feature, layer) {
      areaLayers[feature.properties.i] = layer;
      layer.bindPopup(function () { return areaPopup(feature.properties.i); }, popupOptions);
      layer.on("click", function () { chooseArea(feature.properties.i, false); });
    }
  }).addTo(map);
  var labels = L.layerGroup(data.gebieden.features.map(function (f) {
    var icon = L.divIcon({ className: "gp-label-houder", html: el("span", f.properties.naam, "gp-label"), iconSize: null });
    return L.marker(f.properties.label, { icon: icon, interactive: false, keyboard: false });
  })).addTo(map);

  var shownGroup = L.layerGroup().addTo(map);
  function measureStyle(colour, feature) {
    if (feature.geometry.type.indexOf("Point") >= 0) {
      return { radius: 7, color: "#1a1a1a", weight: 1.5, fillColor: colour, fillOpacity: 0.95 };
    }
    return { color: colour, weight: 5, opacity: 0.95, fillColor: colour, fillOpacity: 0.45 };
  }
  // one Leaflet layer per measure, made directly (no GeoJSON wrapper: 10,000 must draw fast)
  function makeLayer(geometry, colour, feature) {
    var t = geometry.type, c = geometry.coordinates, toLL = L.GeoJSON.coordsToLatLngs;
    var point = measureStyle(colour, { geometry: { type: "Point" } });
    var path = measureStyle(colour, { geometry: { type: t } });
    if (t === "Point") { return L.circleMarker([c[1], c[0]], point); }
    if (t === "LineString" || t === "MultiLineString") {
      // a dark casing under the line: 3:1 against any backdrop, whatever the domain's colour
      var latlngs = toLL(c, t === "LineString" ? 0 : 1);
      var casing = L.polyline(latlngs, { color: "#1a1a1a", weight: path.weight + 3, opacity: 0.9 });
      var line = L.polyline(latlngs, path);
      line.feature = feature;
      return L.featureGroup([casing, line]);
    }
    if (t === "Polygon" || t === "MultiPolygon") {
      return L.polygon(toLL(c, t === "Polygon" ? 1 : 2), L.extend({}, path, { color: "#1a1a1a", weight: 2 }));
    }
    return L.geoJSON(geometry, {
      style: function (feature) { return measureStyle(colour, feature); },
      pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, point); }
    });
  }
  function layerOf(r) {
    if (!r.layer && r.f.geometry) {
      r.layer = makeLayer(r.f.geometry, domainColour[r.p.domein] || "#6b6b6b", r.f);
      if (!r.layer.eachLayer) { r.layer.feature = r.f; }
      r.layer.bindPopup(function () { return measurePopup(r); }, popupOptions);
      r.layer.on("popupopen", function () { select(r, false); });
      r.bounds = r.layer.getBounds ? r.layer.getBounds() : L.latLngBounds([r.layer.getLatLng()]);
    }
    return r.layer;
  }
  function boundsOf(r) {
    if (r.f.geometry) { layerOf(r); return r.bounds; }
    var b = null;
    r.p.g.forEach(function (i) { var ab = areaLayers[i].getBounds(); b = b ? b.extend(ab) : L.latLngBounds(ab.getSouthWest(), ab.getNorthEast()); });
    return b;
  }
  function anchorOf(r) {
    var inner = r.layer;
    if (inner.eachLayer) { inner = null; r.layer.eachLayer(function (l) { inner = l; }); }
    if (inner.getLatLng) { return inner.getLatLng(); }
    if (inner instanceof L.Polygon) { return inner.getBounds().getCenter(); }
    var parts = inner.getLatLngs();
    while (parts.length && Array.isArray(parts[0])) { parts = parts[0]; }
    return parts[Math.floor(parts.length / 2)];
  }
  function measurePopup(r) {
    var box = el("div", null, "gp-popup");
    box.appendChild(el("h2", r.p.naam));
    box.appendChild(facts(r.p));
    if (r.p.omschrijving) { box.appendChild(el("p", r.p.omschrijving)); }
    contact(box);
    return box;
  }

  var shown = 0, activeRecords = [];
  function drawMeasures(later) {
    // only what changes is added to or taken from the map
    activeRecords = [];
    shown = 0;
    areaCounts = data.gebieden.features.map(function () { return 0; });
    records.forEach(function (r) {
      var want = active(r);
      if (want) {
        activeRecords.push(r);
        r.p.g.forEach(function (i) { areaCounts[i] += 1; });
      }
      if (!r.f.geometry) { return; }
      if (want && !r.onMap) { shownGroup.addLayer(layerOf(r)); } else if (!want && r.onMap) { shownGroup.removeLayer(r.layer); }
      r.onMap = want;
      if (want) { shown += 1; }
    });
    maxCount = Math.max.apply(null, [1].concat(areaCounts));
    areaLayer.setStyle(areaStyle);
    var n = activeRecords.length;
    var text = count(n, "maatregel", "maatregelen") + " in " + yearText();
    if (state.hinder) { text += ", met hinder"; }
    $("gp-telling").textContent = text;
    $("gp-jaartal").textContent = yearText();
    if (later) { setTimeout(renderList, 0); } else { renderList(); }
  }

  // the list: what is in view, or in the chosen area, by start
  var listItems = {}, selected = null;
  function inList(r) {
    if (state.area !== null) { return r.p.g.indexOf(state.area) >= 0; }
    var b = boundsOf(r);
    return b !== null && map.getBounds().intersects(b);
  }
  function renderList() {
    var ol = $("gp-lijst-items");
    var wanted = activeRecords.filter(inList);
    ol.textContent = "";
    listItems = {};
    var where = state.area !== null ? "in " + data.gebieden.features[state.area].properties.naam : "in beeld op de kaart";
    $("gp-lijst-kop").textContent = "Maatregelen " + where + " (" + wanted.length + ")";
    var keuze = $("gp-lijst-keuze");
    keuze.textContent = yearText() + (state.hinder ? ", alleen met hinder" : "") + ". ";
    if (state.area !== null) {
      var back = el("button", "Toon alles in beeld", "gp-knop");
      back.type = "button";
      back.addEventListener("click", function () { state.area = null; areaLayer.setStyle(areaStyle); renderList(); });
      keuze.appendChild(back);
    }
    wanted.slice(0, LIST_MAX).forEach(function (r) {
      var li = el("li");
      li.id = "gp-m-" + r.k;
      var h = el("h3");
      var button = el("button", r.p.naam, "gp-naam");
      button.type = "button";
      button.setAttribute("aria-describedby", li.id + "-wat");
      button.addEventListener("click", function () { show(r, true); });
      h.appendChild(button);
      li.appendChild(h);
      var dl = facts(r.p);
      dl.id = li.id + "-wat";
      li.appendChild(dl);
      if (r.p.omschrijving) { li.appendChild(el("p", r.p.omschrijving, "gp-omschrijving")); }
      if (!r.f.geometry) { li.appendChild(el("p", "Zonder vaste plek: in het hele gebied.", "gp-klein")); }
      if (selected === r) { li.className = "gp-gekozen"; li.setAttribute("aria-current", "true"); }
      listItems[r.k] = li;
      ol.appendChild(li);
    });
    var more = wanted.length - LIST_MAX;
    $("gp-lijst-meer").textContent = more > 0 ? "En nog " + count(more, "maatregel", "maatregelen") + ": zoom in of zoek een plek." :
      (wanted.length === 0 ? "Geen maatregelen hier met deze keuze. Kies een ander jaar of zoom uit." : "");
  }
  function select(r, scroll) {
    if (selected && listItems[selected.k]) { listItems[selected.k].className = ""; listItems[selected.k].removeAttribute("aria-current"); }
    selected = r;
    var li = listItems[r.k];
    if (li) {
      li.className = "gp-gekozen";
      li.setAttribute("aria-current", "true");
      var box = $("gp-lijst");
      // scroll the list itself (side by side), never the page away from the popup
      if (box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY === "auto") {
        box.scrollTop = li.offsetTop - box.offsetTop - 40;
      }
    }
  }
  // show a measure on the map and open its popup (from the list or the search)
  function show(r, focus) {
    if (!active(r)) {
      if (!state.all) { state.year = Math.max(data.jaren[0], Math.min(r.p.y0, data.jaren[1])); $("gp-jaar").value = state.year; }
      state.domains[r.p.domein] = true;
      var box = $("gp-domein-" + r.p.domein);
      if (box) { box.checked = true; }
      state.hinder = state.hinder && r.p.h === 1;
      $("gp-hinder").checked = state.hinder;
      drawMeasures();
    }
    if (phone) { $("gp-kaart").scrollIntoView({ block: "start" }); }
    var popup;
    if (r.f.geometry) {
      var b = boundsOf(r);
      if (!map.getBounds().contains(b)) { map.fitBounds(b, { maxZoom: Math.max(map.getZoom(), 15), animate: false, padding: [40, 40] }); }
      r.layer.openPopup(anchorOf(r));
      popup = r.layer.getPopup();
    } else {
      var i = r.p.g[0];
      map.fitBounds(areaLayers[i].getBounds(), { animate: false });
      popup = L.popup(popupOptions).setLatLng(data.gebieden.features[i].properties.label)
        .setContent(measurePopup(r)).openOn(map);
    }
    select(r, true);
    if (focus && popup) { focusPopup(popup); }
    return true;
  }
  var returnFocus = null;
  function focusPopup(popup) {
    returnFocus = document.activeElement;
    var node = popup.getElement && popup.getElement();
    if (!node) { return; }
    var wrapper = node.querySelector(".leaflet-popup-content-wrapper");
    wrapper.setAttribute("tabindex", "-1");
    wrapper.setAttribute("role", "dialog");
    wrapper.setAttribute("aria-label", node.querySelector("h2") ? node.querySelector("h2").textContent : "Uitleg");
    wrapper.focus();
  }
  map.on("popupopen", function (e) {
    var close = e.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", "Sluiten"); close.title = "Sluiten"; }
    // a popup that scrolls can be scrolled with the keyboard too
    var content = e.popup.getElement().querySelector(".leaflet-popup-content");
    if (content && content.classList.contains("leaflet-popup-scrolled")) { content.setAttribute("tabindex", "0"); }
  });
  map.on("popupclose", function () {
    if (returnFocus && document.body.contains(returnFocus)) { returnFocus.focus(); }
    returnFocus = null;
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && map.hasLayer && document.querySelector(".leaflet-popup")) { map.closePopup(); }
  });
  map.on("moveend", function () { if (state.area === null) { renderList(); } });

  function chooseArea(i, open) {
    state.area = i;
    areaLayer.setStyle(areaStyle);
    renderList();
    if (open) {
      map.fitBounds(areaLayers[i].getBounds(), { animate: false });
      areaLayers[i].openPopup(data.gebieden.features[i].properties.label);
    }
  }

  // the controls in the panel
  var slider = $("gp-jaar"), allYears = $("gp-alle-jaren");
  slider.min = data.jaren[0]; slider.max = data.jaren[1]; slider.value = state.year;
  function update() {
    state.year = parseInt(slider.value, 10);
    state.all = allYears.checked;
    slider.disabled = state.all;
    drawMeasures();
  }
  slider.addEventListener("input", update);
  allYears.addEventListener("change", update);
  var domains = $("gp-domeinen");
  data.domeinen.forEach(function (d) {
    var label = el("label", null, "gp-vink");
    var box = el("input"); box.type = "checkbox"; box.checked = true; box.id = "gp-domein-" + d.code;
    box.addEventListener("change", function () { state.domains[d.code] = box.checked; drawMeasures(); });
    var sw = el("span", null, "gp-swatch"); sw.style.background = d.kleur;
    label.appendChild(box); label.appendChild(document.createTextNode(" ")); label.appendChild(sw);
    label.appendChild(document.createTextNode(d.label));
    domains.appendChild(label);
  });
  $("gp-hinder").addEventListener("change", function () { state.hinder = this.checked; drawMeasures(); });
  var legend = $("gp-legenda-inhoud");
  legend.appendChild(el("p", "Lijn, vlak of stip: een maatregel, gekleurd naar de soort (zie hierboven).", "gp-klein"));
  legend.appendChild(el("p", "Kleur van het gebied: hoeveel er in het gekozen jaar gebeurt.", "gp-klein"));
  var ramp = el("p", null, "gp-ramp gp-klein");
  ramp.appendChild(document.createTextNode("weinig "));
  data.ramp.forEach(function (c) { var s = el("span"); s.style.background = c; ramp.appendChild(s); });
  ramp.appendChild(document.createTextNode(" veel"));
  legend.appendChild(ramp);
  if (phone) { $("gp-paneel").classList.add("gp-dicht"); $("gp-paneel-knop").setAttribute("aria-expanded", "false"); }
  $("gp-paneel-knop").addEventListener("click", function () {
    var open = $("gp-paneel").classList.toggle("gp-dicht") === false;
    this.setAttribute("aria-expanded", open ? "true" : "false");
    map.invalidateSize();
  });

  // search: areas of every level, measure names and locations; partial, case- and accent-blind
  var places = data.gebieden.features.map(function (f, i) {
    return { naam: f.properties.naam, niveau: data.niveau, key: norm(f.properties.naam), i: i };
  }).concat(data.zoekgebieden.map(function (a) {
    return { naam: a.naam, niveau: a.niveau, key: norm(a.naam), bbox: a.bbox };
  }));
  function find(query) {
    var q = norm(query);
    if (q.length < 2) { return []; }
    // the name itself first, then names that start with it, then words that do; short first
    function rank(key) { return key === q ? 0 : key.indexOf(q) === 0 ? 1 : (key.indexOf(" " + q) >= 0 ? 2 : 3); }
    var areas = places.filter(function (a) { return a.key.indexOf(q) >= 0; })
      .sort(function (a, b) { return rank(a.key) - rank(b.key) || a.key.length - b.key.length; }).slice(0, 8)
      .map(function (a) { return { label: a.naam + " (" + a.niveau + ")", go: function () { goPlace(a); } }; });
    var hits = records.filter(function (r) { return r.key.indexOf(q) >= 0 || r.place.indexOf(q) >= 0; });
    var measures = hits.slice(0, 12).map(function (r) {
      return { label: r.p.naam + (r.p.locatie ? ", " + r.p.locatie : "") + " (" + when(r.p) + ")",
               go: function () { show(r, true); } };
    });
    return areas.concat(measures);
  }
  function goPlace(a) {
    if (a.i !== undefined) { chooseArea(a.i, true); return; }
    state.area = null;
    map.fitBounds([[a.bbox[1], a.bbox[0]], [a.bbox[3], a.bbox[2]]], { animate: false });
    renderList();
  }
  var search = $("gp-zoek"), results = $("gp-zoekresultaten"), found = [];
  function renderSearch() {
    found = find(search.value);
    results.textContent = "";
    found.forEach(function (hit) {
      var li = el("li"), b = el("button", hit.label);
      b.type = "button";
      b.addEventListener("click", hit.go);
      li.appendChild(b); results.appendChild(li);
    });
    $("gp-zoek-telling").textContent = norm(search.value).length < 2 ? "" :
      (found.length ? count(found.length, "resultaat", "resultaten") + "; Enter kiest het eerste." : "Niets gevonden.");
  }
  var timer = null;
  search.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(renderSearch, 120); });
  search.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); renderSearch(); if (found.length) { found[0].go(); } }
  });

  // the background: tiles where they load, else the areas with their names, said in one line
  var notice = $("gp-achtergrond-melding");
  function offline(text) {
    notice.textContent = text;
    notice.hidden = false;
    map.invalidateSize();
  }
  function tileTry() {
    var t = data.achtergrond;
    if (!t) { offline("Zonder achtergrondkaart: u ziet de gebieden met hun namen."); return; }
    var centre = map.getCenter(), z = 13;
    var p = map.project(centre, z).divideBy(256).floor();
    var probe = new Image(), settled = false;
    function fail() {
      if (settled) { return; }
      settled = true;
      offline("Achtergrondkaart niet bereikbaar (offline?): u ziet de gebieden met hun namen.");
    }
    probe.onload = function () {
      if (settled) { return; }
      settled = true;
      hasTiles = true;
      var tiles = L.tileLayer(t.url, { maxZoom: 19, attribution: t.bron }).addTo(map);
      tiles.bringToBack();
      areaLayer.setStyle(areaStyle);
      notice.hidden = true;
      window.gebiedsplanner.tiles = true;
    };
    probe.onerror = fail;
    setTimeout(fail, 8000);
    probe.src = L.Util.template(t.url, { z: z, x: p.x, y: p.y, s: "a" });
  }

  map.fitBounds([[data.grenzen.south, data.grenzen.west], [data.grenzen.north, data.grenzen.east]],
                { padding: [8, 8], animate: false });
  drawMeasures(true);
  function byName(name) { return records.filter(function (r) { return r.p.naam === name; })[0]; }
  window.gebiedsplanner = {
    shown: function () { return shown; },
    setYear: function (y) { allYears.checked = false; slider.value = y; slider.dispatchEvent(new Event("input")); return shown; },
    zoomTo: function (name) { var hit = places.filter(function (a) { return a.key === norm(name); })[0]; if (hit) { goPlace(hit); } return !!hit; },
    open: function (name) { var r = byName(name); return r ? show(r, false) : false; },
    find: function (q) { return find(q).map(function (h) { return h.label; }); },
    listed: function () { return Array.prototype.map.call(document.querySelectorAll("#gp-lijst-items .gp-naam"), function (b) { return b.textContent; }); },
    tolerance: touchTolerance,
    tiles: false,
    map: map,
    ready: true,
    drawnAt: performance.now()
  };
  // the first frame painted after drawing: what a visitor sees; then try the background
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { window.gebiedsplanner.paintedAt = performance.now(); tileTry(); });
  });
}
