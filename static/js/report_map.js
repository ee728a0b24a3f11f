/* The public map of reports: Leaflet on #report-map, fed by the GeoJSON endpoint.
 *
 * The server groups reports into grid cells for wide views (that is the
 * clustering); this script only draws what it gets for the current view.
 * Everything here is an enhancement: the list of reports works without it.
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

  function cellMarker(feature, latlng) {
    var count = feature.properties.count;
    var size = cellSize(count);
    var label = count + " " + (count === 1 ? data.labelReport : data.labelReports);
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
    var marker = L.marker(latlng, {
      icon: L.divIcon({ className: "report-cell", html: html, iconSize: [size, size] }),
      title: label,
      keyboard: true
    });
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

  function reportMarker(feature, latlng) {
    var properties = feature.properties;
    var name = (properties.reference ? properties.reference + ": " : "") + properties.category;
    var marker = L.marker(latlng, { alt: name, title: name, keyboard: true });
    var popup = document.createElement("p");
    var link = document.createElement("a");
    link.href = properties.url || data.detailUrlTemplate.replace("{id}", properties.id);
    link.textContent = data.labelOpen + " " + name;
    popup.appendChild(link);
    marker.bindPopup(popup);
    return marker;
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
  var layer = L.geoJSON(null, {
    pointToLayer: function (feature, latlng) {
      return feature.properties.cell ? cellMarker(feature, latlng) : reportMarker(feature, latlng);
    }
  }).addTo(map);

  var controller = null;

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
        return response.json();
      })
      .then(function (collection) {
        layer.clearLayers();
        layer.addData(collection);
        showMessage("");
        element.dataset.loaded = "true";
      })
      .catch(function (error) {
        if (error.name !== "AbortError") showMessage(data.labelError);
      });
  }

  map.on("moveend", load);
  map.fitBounds(bounds);
})();
