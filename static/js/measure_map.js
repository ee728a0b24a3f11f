/* The map of measures on the staff list (and of one measure on its page, data-fit="features"):
 * Leaflet on #measure-map, fed by the GeoJSON endpoint.
 *
 * An enhancement only: the tables of the page list every measure.
 */
(function () {
  "use strict";

  var element = document.getElementById("measure-map");
  if (!element || typeof L === "undefined") {
    return;
  }
  var data = element.dataset;
  var message = element.parentNode.querySelector("[data-map-message]");

  var map = L.map(element, { minZoom: 9, maxZoom: 18 });
  element.hidden = false;
  L.tileLayer(data.tilesUrl, { attribution: data.attribution }).addTo(map);
  map.fitBounds(JSON.parse(data.bounds));

  function marker(feature, latlng) {
    var properties = feature.properties;
    var name = properties.title + " (" + properties.status + ")";
    if (properties.at_locality && data.labelAtLocality) {
      name += " – " + data.labelAtLocality + " " + properties.place;
    }
    var point = L.marker(latlng, { alt: name, title: name, keyboard: true });
    var popup = document.createElement("p");
    var link = document.createElement("a");
    link.href = properties.url;
    link.textContent = data.labelOpen + ": " + name;
    popup.appendChild(link);
    point.bindPopup(popup);
    return point;
  }

  fetch(data.geojsonUrl, { headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (collection) {
      var layer = L.geoJSON(collection, { pointToLayer: marker }).addTo(map);
      collection.features.forEach(function (feature) {
        if (feature.properties.radius_metres) {
          var c = feature.geometry.coordinates;
          L.circle([c[1], c[0]], { radius: feature.properties.radius_metres, interactive: false }).addTo(layer);
        }
      });
      if (data.fit === "features" && collection.features.length) {
        // The detail page: one measure, close up (a locality's centre less close than a point).
        var atLocality = collection.features[0].properties.at_locality;
        map.fitBounds(layer.getBounds(), { maxZoom: atLocality ? 13 : 16 });
      }
      element.dataset.loaded = "true";
    })
    .catch(function () {
      if (message) {
        message.textContent = data.labelError;
        message.hidden = false;
      }
    });
})();
