/* "Is it already reported?" on the report form: when a point is placed on the
 * map (js/location_picker.js), the public reports near it are fetched as the
 * same list the server renders without JavaScript, put into a polite live
 * region and shown as markers on the map. The list, not the markers, is the
 * way to the reports; the link to the page of nearby reports keeps working. */
(function () {
  "use strict";

  var WAIT_MS = 400;

  function init(box) {
    var list = box.querySelector("[data-nearby-list]");
    var link = box.querySelector("[data-nearby-link]");
    var layer = null;
    var timer = null;
    var latest = 0;

    function showMarkers(map) {
      if (layer) layer.clearLayers();
      else layer = L.layerGroup().addTo(map);
      list.querySelectorAll("li[data-latitude]").forEach(function (item) {
        var point = [parseFloat(item.dataset.latitude), parseFloat(item.dataset.longitude)];
        L.circleMarker(point, { radius: 8, color: "#7a2e00", weight: 2, fillColor: "#f0a830", fillOpacity: 0.9, keyboard: false })
          .bindTooltip(item.dataset.label)
          .addTo(layer);
      });
    }

    function load(detail) {
      var query = "latitude=" + encodeURIComponent(detail.latitude) + "&longitude=" + encodeURIComponent(detail.longitude);
      if (link) link.href = box.dataset.url + "?" + query;
      var request = ++latest;
      fetch(box.dataset.url + "?" + query + "&fragment=1", { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (html) {
          if (request !== latest) return; // a newer point was placed meanwhile
          list.innerHTML = html;
          showMarkers(detail.map);
        })
        .catch(function () {
          /* The link to the page of nearby reports still works. */
        });
    }

    document.addEventListener("location-picker:placed", function (event) {
      clearTimeout(timer);
      timer = setTimeout(function () { load(event.detail); }, WAIT_MS);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined" || !window.fetch) return;
    document.querySelectorAll("[data-nearby-reports]").forEach(init);
  });
})();
