/* The problem picture's hotspots on a map: Leaflet on #hotspot-map, fed by the hotspot table's rows.
 *
 * Each row of the table (tr[data-hotspot]) carries its rank, the centre of its 250 m square and its
 * count; the map draws the square, numbered as in the table, over the configured tiles. An
 * enhancement only: without JavaScript the table (and the chart) stay the picture.
 */
(function () {
  "use strict";

  var element = document.getElementById("hotspot-map");
  if (!element || typeof L === "undefined") {
    return;
  }
  var rows = document.querySelectorAll("tr[data-hotspot]");
  if (!rows.length) {
    return;
  }
  var data = element.dataset;
  var map = L.map(element, { minZoom: 9, maxZoom: 18, scrollWheelZoom: false });
  element.hidden = false;
  L.tileLayer(data.tilesUrl, { attribution: data.attribution }).addTo(map);

  var HALF_CELL_METRES = 125;
  var bounds = [];
  Array.prototype.forEach.call(rows, function (row) {
    var lat = parseFloat(row.dataset.latitude);
    var lng = parseFloat(row.dataset.longitude);
    if (isNaN(lat) || isNaN(lng)) {
      return;
    }
    var label = row.dataset.rank + ". " + row.dataset.name + ": " + row.dataset.count + " " + data.labelReports;
    var dLat = HALF_CELL_METRES / 111320;
    var dLng = dLat / Math.cos(lat * Math.PI / 180);
    L.rectangle([[lat - dLat, lng - dLng], [lat + dLat, lng + dLng]], { weight: 1, interactive: false }).addTo(map);
    L.marker([lat, lng], {
      icon: L.divIcon({ className: "hotspot-number", html: row.dataset.rank, iconSize: [28, 28] }),
      alt: label, title: label, keyboard: true
    }).addTo(map);
    bounds.push([lat, lng]);
  });
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [40, 40], maxZoom: 15 });
  } else {
    map.fitBounds(JSON.parse(data.bounds));
  }
  var chart = element.parentNode.querySelector(".picture-hotspot-chart");
  if (chart) {
    chart.hidden = true;  /* the map replaces the grid chart on screen */
  }
  element.dataset.loaded = "true";
})();
