// Gebiedsplanner: the residents' web map. Every text from the data goes in as a text node.
function gebiedsplannerKaart(map) {
  "use strict";
  var data = JSON.parse(document.getElementById("gp-data").textContent);
  var domainColour = {}, domainLabel = {};
  data.domeinen.forEach(function (d) { domainColour[d.code] = d.kleur; domainLabel[d.code] = d.label; });
  var state = { year: data.jaren[0], all: false };
  var thisYear = new Date().getFullYear();
  if (thisYear >= data.jaren[0] && thisYear <= data.jaren[1]) { state.year = thisYear; }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function when(p) {
    if (!p.start) { return "onbekend"; }
    return p.eind && p.eind !== p.start ? p.start + " t/m " + p.eind : p.start;
  }
  function row(dl, label, value) {
    if (value === null || value === undefined || value === "") { return; }
    dl.appendChild(el("dt", label));
    dl.appendChild(el("dd", value));
  }
  function contact(box) { if (data.contact) { box.appendChild(el("p", data.contact, "gp-contact")); } }
  function measurePopup(p) {
    var box = el("div", null, "gp-popup");
    box.appendChild(el("h3", p.naam));
    var dl = el("dl");
    row(dl, "Wat", (domainLabel[p.domein] || p.domein) + (p.thema ? " · " + (data.themas[p.thema] || p.thema) : ""));
    row(dl, "Waar", p.waar);
    row(dl, "Wanneer", when(p));
    row(dl, "Wie", p.eigenaar);
    row(dl, "Status", p.status);
    box.appendChild(dl);
    if (p.omschrijving) { box.appendChild(el("p", p.omschrijving)); }
    contact(box);
    return box;
  }
  function active(p) { return state.all || (p.y0 <= state.year && state.year <= p.y1); }

  // the offline backdrop: the areas, coloured by how busy they are in the chosen year
  var maxCount = 1;
  function areaCount(props) { return state.all ? 0 : (props.n[String(state.year)] || 0); }
  function areaStyle(feature) {
    var n = areaCount(feature.properties);
    var k = state.all ? 0 : Math.min(data.ramp.length - 1, Math.floor(n / maxCount * (data.ramp.length - 1) + 0.5));
    return { color: "#333", weight: 1.2, fillColor: data.ramp[k], fillOpacity: state.all ? 0.06 : 0.28 };
  }
  function areaPopup(props) {
    var box = el("div", null, "gp-popup");
    box.appendChild(el("h3", props.naam));
    box.appendChild(el("p", state.all ? "Alle jaren." : "In " + state.year + ": " + areaCount(props) + " maatregelen in dit gebied."));
    var loose = props.zonder_plek.filter(active);
    if (loose.length) {
      box.appendChild(el("p", "Ook in dit gebied (zonder vaste plek):"));
      var ul = el("ul");
      loose.forEach(function (p) { ul.appendChild(el("li", p.naam + " (" + when(p) + (p.eigenaar ? ", " + p.eigenaar : "") + ")")); });
      box.appendChild(ul);
    }
    contact(box);
    return box;
  }
  var areaLayer = L.geoJSON(data.gebieden, {
    style: areaStyle,
    onEachFeature: function (feature, layer) {
      layer.bindTooltip(function () { return el("span", feature.properties.naam); }, { sticky: true });
      layer.bindPopup(function () { return areaPopup(feature.properties); });
    }
  }).addTo(map);

  // measures: one layer per domain, filtered by the year
  var groups = {}, overlays = {};
  data.domeinen.forEach(function (d) {
    groups[d.code] = L.layerGroup().addTo(map);
    var label = el("span");
    var swatch = el("span", null, "gp-swatch");
    swatch.style.background = d.kleur;
    label.appendChild(swatch);
    label.appendChild(document.createTextNode(d.label));
    overlays[d.code] = { layer: groups[d.code], label: label };
  });
  var shown = 0;
  function drawMeasures() {
    Object.keys(groups).forEach(function (k) { groups[k].clearLayers(); });
    shown = 0;
    var years = data.maatregelen.features.filter(function (f) { return active(f.properties); });
    years.forEach(function (f) {
      var colour = domainColour[f.properties.domein] || "#777";
      var layer = L.geoJSON(f, {
        style: function (feature) {
          if (feature.geometry.type.indexOf("Point") >= 0) {
            return { radius: 6, color: "#232323", weight: 1, fillColor: colour, fillOpacity: 0.9 };
          }
          return { color: colour, weight: 4, fillColor: colour, fillOpacity: 0.5 };
        },
        pointToLayer: function (_, latlng) {
          return L.circleMarker(latlng, { radius: 6, color: "#232323", weight: 1, fillColor: colour, fillOpacity: 0.9 });
        }
      });
      layer.bindPopup(function () { return measurePopup(f.properties); });
      var group = groups[f.properties.domein];
      if (group) { group.addLayer(layer); shown += 1; }
    });
    maxCount = 1;
    data.gebieden.features.forEach(function (f) { maxCount = Math.max(maxCount, areaCount(f.properties)); });
    areaLayer.setStyle(areaStyle);
  }

  // background: none (offline) or the PDOK map (online only)
  var none = L.layerGroup().addTo(map);
  var pdok = L.tileLayer(data.tegels, { maxZoom: 19, attribution: "Kaartgegevens (c) Kadaster" });
  // on a phone the layer list folds into its icon, so it does not cover the panel
  var layerControl = L.control.layers(null, null, { collapsed: window.innerWidth < 700, position: "topright" });
  layerControl.addBaseLayer(none, "Geen achtergrond (werkt offline)");
  layerControl.addBaseLayer(pdok, "Achtergrondkaart PDOK (online)");
  map.attributionControl.setPrefix("Leaflet");
  map.attributionControl.addAttribution("Gebieden: CBS, Kadaster");

  // the panel: title, year, search, legend
  var Panel = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function () {
      var box = el("div", null, "gp-panel leaflet-bar");
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      box.appendChild(el("h1", data.titel));
      box.appendChild(el("div", "Wat gebeurt er in"));
      var yearText = el("div", String(state.year), "gp-year");
      box.appendChild(yearText);
      var slider = el("input");
      slider.type = "range"; slider.min = data.jaren[0]; slider.max = data.jaren[1]; slider.step = 1;
      slider.value = state.year; slider.id = "gp-jaar"; slider.setAttribute("aria-label", "Jaar");
      box.appendChild(slider);
      var allLabel = el("label");
      var all = el("input"); all.type = "checkbox"; all.id = "gp-alle-jaren";
      allLabel.appendChild(all); allLabel.appendChild(document.createTextNode(" alle jaren"));
      box.appendChild(allLabel);
      function update() {
        state.year = parseInt(slider.value, 10);
        state.all = all.checked;
        yearText.textContent = state.all ? data.jaren[0] + "–" + data.jaren[1] : String(state.year);
        drawMeasures();
      }
      slider.addEventListener("input", update);
      all.addEventListener("change", update);
      var search = el("input");
      search.type = "search"; search.id = "gp-zoek"; search.placeholder = "Zoek een " + data.niveau;
      search.setAttribute("list", "gp-gebieden"); search.setAttribute("aria-label", "Zoek een gebied");
      var list = el("datalist"); list.id = "gp-gebieden";
      data.gebieden.features.forEach(function (f) { var o = el("option"); o.value = f.properties.naam; list.appendChild(o); });
      box.appendChild(search); box.appendChild(list);
      search.addEventListener("change", function () { zoomTo(search.value); });
      var legend = el("div", null, "gp-legend");
      data.domeinen.forEach(function (d) {
        var line = el("div"); var sw = el("span", null, "gp-swatch"); sw.style.background = d.kleur;
        line.appendChild(sw); line.appendChild(document.createTextNode(d.label)); legend.appendChild(line);
      });
      legend.appendChild(el("div", "Kleur van het gebied: hoe druk het is in het gekozen jaar"));
      var ramp = el("div", null, "gp-ramp");
      ramp.appendChild(document.createTextNode("rustig "));
      data.ramp.forEach(function (c) { var s = el("span"); s.style.background = c; ramp.appendChild(s); });
      ramp.appendChild(document.createTextNode(" druk"));
      legend.appendChild(ramp);
      box.appendChild(legend);
      return box;
    }
  });
  function zoomTo(name) {
    var wanted = String(name).trim().toLowerCase();
    var hit = null;
    areaLayer.eachLayer(function (layer) {
      if (!hit && layer.feature.properties.naam.toLowerCase() === wanted) { hit = layer; }
    });
    if (hit) { map.fitBounds(hit.getBounds()); hit.openPopup(); }
    return hit !== null;
  }

  new Panel().addTo(map);
  layerControl.addTo(map);
  Object.keys(overlays).forEach(function (k) {
    layerControl.addOverlay(overlays[k].layer, overlays[k].label.outerHTML);
  });
  L.control.scale({ imperial: false, position: "bottomleft" }).addTo(map);
  map.options.zoomSnap = 0.25;
  map.fitBounds([[data.grenzen.south, data.grenzen.west], [data.grenzen.north, data.grenzen.east]],
                { padding: [8, 8] });
  drawMeasures();
  window.gebiedsplanner = {
    shown: function () { return shown; },
    setYear: function (y) { var s = document.getElementById("gp-jaar"); s.value = y; s.dispatchEvent(new Event("input")); return shown; },
    zoomTo: zoomTo,
    open: function (name) {
      var found = null, where = null;
      Object.keys(groups).forEach(function (k) {
        groups[k].eachLayer(function (layer) {
          layer.eachLayer(function (inner) {
            if (!found && inner.feature && inner.feature.properties.naam === name) {
              found = layer;
              where = inner.getLatLng ? inner.getLatLng() : inner.getBounds().getCenter();
            }
          });
        });
      });
      if (found) { found.openPopup(where); }
      return found !== null;
    },
    ready: true,
    drawnAt: performance.now()
  };
  // the first frame painted after drawing: what a visitor sees
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { window.gebiedsplanner.paintedAt = performance.now(); });
  });
}
