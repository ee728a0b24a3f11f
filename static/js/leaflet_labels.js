/* Leaflet's own control labels (zoom buttons, attribution prefix) in the page's
 * language. The translated texts come from data attributes on this script
 * element (templates/includes/leaflet_js.html); it runs before the map scripts
 * create their maps, so every map picks up the new defaults. */
(function () {
  "use strict";

  var script = document.currentScript;
  if (typeof L === "undefined" || !script) return;
  var data = script.dataset;

  L.Control.Zoom.prototype.options.zoomInTitle = data.zoomIn;
  L.Control.Zoom.prototype.options.zoomOutTitle = data.zoomOut;

  var link = document.createElement("a");
  link.href = "https://leafletjs.com";
  link.title = data.leafletTitle;
  link.textContent = "Leaflet";
  L.Control.Attribution.prototype.options.prefix = link.outerHTML;
})();
