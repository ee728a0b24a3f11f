/* The staff map: every report at its exact point, from the staff GeoJSON endpoint.
 *
 * A click on the map fills in the centre of the "near a place" search (the
 * latitude and longitude inputs of the filter form); the circle of the current
 * search is drawn. Everything here is an enhancement: the list below the map
 * and the form work without it.
 */
(function () {
  "use strict";

  var element = document.getElementById("staff-map");
  if (!element || typeof L === "undefined") {
    return;
  }
  var data = element.dataset;
  var message = document.querySelector("[data-map-message]");
  var form = document.querySelector("[data-staff-map-filters]");

  function showMessage(text) {
    if (!message) return;
    message.textContent = text;
    message.hidden = !text;
  }

  function reportMarker(feature, latlng) {
    var p = feature.properties;
    var name = p.reference + ": " + p.category + " (" + p.status + (p.distance ? ", " + p.distance : "") + ")";
    var marker = L.circleMarker(latlng, {
      radius: 7, weight: 2, color: p.published ? "#0a4f9e" : "#b02a37", fillOpacity: 0.6
    });
    var popup = document.createElement("p");
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = data.labelOpen + " " + name;
    popup.appendChild(link);
    marker.bindPopup(popup);
    marker.bindTooltip(name);
    return marker;
  }

  var map = L.map(element, {
    minZoom: parseInt(data.minZoom, 10),
    maxZoom: parseInt(data.maxZoom, 10)
  });
  element.hidden = false;
  L.tileLayer(data.tilesUrl, { attribution: data.attribution, maxZoom: parseInt(data.maxZoom, 10) }).addTo(map);
  var layer = L.geoJSON(null, { pointToLayer: reportMarker }).addTo(map);

  var centre = data.centre ? JSON.parse(data.centre) : null;
  if (centre) {
    // The view first: Leaflet draws a circle only on a map that has one.
    map.fitBounds(L.latLng(centre[0], centre[1]).toBounds(centre[2] * 2));
    L.circle([centre[0], centre[1]], { radius: centre[2], weight: 1, fill: false, interactive: false }).addTo(map);
  } else {
    map.fitBounds(JSON.parse(data.bounds));
  }

  if (form) {
    map.on("click", function (event) {
      var latitude = form.querySelector("[name=near_latitude]");
      var longitude = form.querySelector("[name=near_longitude]");
      var place = form.querySelector("[name=near_place]");
      if (!latitude || !longitude) return;
      latitude.value = event.latlng.lat.toFixed(6);
      longitude.value = event.latlng.lng.toFixed(6);
      if (place) place.value = "";
      latitude.focus();
    });
  }

  fetch(data.geojsonUrl, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (collection) {
      layer.addData(collection);
      showMessage(collection.note || "");
      element.dataset.loaded = "true";
    })
    .catch(function () {
      showMessage(data.labelError);
    });
})();
