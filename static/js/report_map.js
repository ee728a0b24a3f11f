/* The public map of reports: Leaflet on #report-map, fed by the GeoJSON endpoint.
 *
 * The server groups reports into grid cells for wide views (that is the
 * clustering) and, close up, into groups of the reports that share one public
 * point (a category shown at its locality puts them all on one spot): a group
 * shows its number and opens a popup listing the newest with links, and a link
 * to the list of all of them. This script only draws what it gets for the
 * current view; an open popup stays open when the view reloads (its own pan
 * moves the map). Everything here is an enhancement: the list works without it.
 */
(function () {
  "use strict";

  var element = document.getElementById("report-map");
  if (!element || typeof L === "undefined") {
    return;
  }
  var data = element.dataset;
  var message = document.querySelector("[data-map-message]");

  function showMessage(text) {
    if (!message) return;
    message.textContent = text;
    message.hidden = !text;
  }

  function cellSize(count) {
    if (count < 10) return 32;
    if (count < 100) return 40;
    if (count < 1000) return 48;
    return 56;
  }

  function countIcon(className, count, label) {
    var size = cellSize(count);
    var html = document.createElement("span");
    var number = document.createElement("span");
    number.className = "report-cell__count";
    number.setAttribute("aria-hidden", "true");
    number.textContent = count;
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = label;
    html.appendChild(number);
    html.appendChild(hidden);
    return L.divIcon({ className: className, html: html, iconSize: [size, size] });
  }

  function cellMarker(feature, latlng) {
    var count = feature.properties.count;
    var label = count + " " + (count === 1 ? data.labelReport : data.labelReports);
    var marker = L.marker(latlng, { icon: countIcon("report-cell", count, label), title: label, keyboard: true });
    function zoomIn() {
      map.setView(latlng, Math.min(map.getZoom() + 2, map.getMaxZoom()));
    }
    marker.on("click", zoomIn);
    // Leaflet turns Enter into a click only for popups: the cell is a button for keyboards too.
    marker.on("keypress", function (event) {
      var key = event.originalEvent.key;
      if (key === "Enter" || key === " ") {
        event.originalEvent.preventDefault();
        zoomIn();
      }
    });
    return marker;
  }

  function reportName(properties) {
    return (properties.reference ? properties.reference + ": " : "") + properties.category;
  }

  function reportLink(properties, text) {
    var link = document.createElement("a");
    link.href = properties.url || data.detailUrlTemplate.replace("{id}", properties.id);
    link.textContent = text;
    return link;
  }

  function reportMarker(feature, latlng) {
    var properties = feature.properties;
    var name = reportName(properties);
    var marker = L.marker(latlng, { alt: name, title: name, keyboard: true });
    var popup = document.createElement("p");
    popup.appendChild(reportLink(properties, data.labelOpen + " " + name));
    marker.bindPopup(popup);
    marker.featureKey = "report:" + properties.id;
    return marker;
  }

  function groupMarker(feature, latlng) {
    var properties = feature.properties;
    var count = properties.count;
    var label = data.labelHere.replace("{count}", count);
    var marker = L.marker(latlng, { icon: countIcon("report-group", count, label), title: label, keyboard: true });
    var popup = document.createElement("div");
    popup.className = "report-group__popup";
    var heading = document.createElement("p");
    heading.className = "report-group__heading";
    heading.textContent = label;
    popup.appendChild(heading);
    var list = document.createElement("ul");
    properties.reports.forEach(function (report) {
      var item = document.createElement("li");
      item.appendChild(reportLink(report, reportName(report)));
      list.appendChild(item);
    });
    popup.appendChild(list);
    var more = document.createElement("p");
    var all = document.createElement("a");
    all.href = properties.list_url;
    all.textContent = (count > properties.reports.length ? data.labelAllMore : data.labelAll).replace("{count}", count);
    more.appendChild(all);
    popup.appendChild(more);
    marker.bindPopup(popup, { maxWidth: 260 });
    marker.featureKey = "point:" + latlng.lat.toFixed(6) + "," + latlng.lng.toFixed(6);
    return marker;
  }

  function featureMarker(feature, latlng) {
    if (feature.properties.cell) return cellMarker(feature, latlng);
    if (feature.properties.group) return groupMarker(feature, latlng);
    return reportMarker(feature, latlng);
  }

  var bounds = JSON.parse(data.bounds);
  var map = L.map(element, {
    minZoom: parseInt(data.minZoom, 10),
    maxZoom: parseInt(data.maxZoom, 10)
  });
  element.hidden = false;
  /* The page's text without JavaScript points to the list; the map's own
   * instructions (circles, zooming) only make sense now that the map is here. */
  document.querySelectorAll("[data-map-without-js]").forEach(function (el) { el.hidden = true; });
  document.querySelectorAll("[data-map-instructions]").forEach(function (el) { el.hidden = false; });
  L.tileLayer(data.tilesUrl, { attribution: data.attribution }).addTo(map);
  var layer = L.geoJSON(null, { pointToLayer: featureMarker }).addTo(map);

  var controller = null;
  var loads = 0;
  var lastBody = null;
  // The report or group whose popup is open: a popup opened near the edge pans the map, the pan
  // reloads the view, and the redrawn marker opens it again instead of it vanishing.
  var openKey = null;
  var redrawing = false;
  map.on("popupopen", function (event) {
    openKey = event.popup._source && event.popup._source.featureKey || null;
  });
  map.on("popupclose", function () {
    if (!redrawing) openKey = null;
  });

  function redraw(body) {
    var collection = JSON.parse(body);
    redrawing = true;
    try {
      layer.clearLayers();
      layer.addData(collection);
      if (openKey) {
        var reopened = false;
        layer.eachLayer(function (marker) {
          if (!reopened && marker.featureKey === openKey) {
            marker.openPopup();
            reopened = true;
          }
        });
        if (!reopened) openKey = null;
      }
    } finally {
      redrawing = false;
    }
  }

  function clamp(value, low, high) {
    return Math.min(Math.max(value, low), high);
  }

  function load() {
    var view = map.getBounds();
    var bbox = [
      clamp(view.getWest(), -180, 180),
      clamp(view.getSouth(), -90, 90),
      clamp(view.getEast(), -180, 180),
      clamp(view.getNorth(), -90, 90)
    ].map(function (value) { return value.toFixed(5); }).join(",");
    var url = data.geojsonUrl + (data.geojsonUrl.indexOf("?") === -1 ? "?" : "&") +
      "bbox=" + bbox + "&zoom=" + map.getZoom();
    if (controller) controller.abort();
    controller = typeof AbortController === "undefined" ? null : new AbortController();
    fetch(url, { headers: { Accept: "application/geo+json" }, signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (body) {
        // The same features as drawn (a small pan, a popup's own pan): nothing to redraw.
        if (body !== lastBody) {
          redraw(body);
          lastBody = body;
        }
        showMessage("");
        loads += 1;
        element.dataset.loaded = "true";
        element.dataset.loads = String(loads);
      })
      .catch(function (error) {
        if (error.name !== "AbortError") showMessage(data.labelError);
      });
  }

  map.on("moveend", load);
  map.fitBounds(bounds);
})();
