/* Location picker for the report form: click or tap to place a point, adjust it
 * with buttons or by editing the coordinates, or use the device's location.
 * Without JavaScript the visible latitude/longitude inputs and the locality
 * list do the same job. */
(function () {
  "use strict";

  var STEP_METRES = 10;
  var DECIMALS = 6;

  function init(container) {
    var data = container.dataset;
    var latInput = document.getElementById(data.latitudeInput);
    var lonInput = document.getElementById(data.longitudeInput);
    var status = container.querySelector(".location-picker__status");
    var controls = container.querySelector(".location-picker__controls");
    var b = data.bounds.split(",").map(Number); // south, west, north, east
    var bounds = L.latLngBounds([b[0], b[1]], [b[2], b[3]]);

    container.hidden = false;
    var map = L.map(container.querySelector(".location-picker__map"), {
      maxBounds: bounds.pad(0.2),
      minZoom: 9,
    }).fitBounds(bounds);
    L.tileLayer(data.tilesUrl, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
    var marker = null;
    var arrows = [];
    var needsPoint = null;

    function say(text) {
      status.textContent = text;
    }

    function place(latlng, pan) {
      if (!bounds.contains(latlng)) {
        say(data.labelOutside);
        return;
      }
      var lat = latlng.lat.toFixed(DECIMALS);
      var lng = latlng.lng.toFixed(DECIMALS);
      latInput.value = lat;
      lonInput.value = lng;
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.marker(latlng, { keyboard: false }).addTo(map);
        enableArrows();
      }
      if (pan) {
        map.setView(latlng, Math.max(map.getZoom(), 16));
      }
      say(data.labelPlaced + " " + lat + ", " + lng);
      // Other scripts (js/nearby_reports.js) may react to the point: they get it and the map.
      container.dispatchEvent(new CustomEvent("location-picker:placed", {
        bubbles: true,
        detail: { latitude: lat, longitude: lng, map: map },
      }));
    }

    function fromInputs() {
      var lat = parseFloat(latInput.value.replace(",", "."));
      var lng = parseFloat(lonInput.value.replace(",", "."));
      if (isFinite(lat) && isFinite(lng)) {
        place(L.latLng(lat, lng), true);
      }
    }

    function move(north, east) {
      if (!marker) return;
      var here = marker.getLatLng();
      var dLat = (north * STEP_METRES) / 111320;
      var dLng = (east * STEP_METRES) / (111320 * Math.cos((here.lat * Math.PI) / 180));
      place(L.latLng(here.lat + dLat, here.lng + dLng), true);
    }

    function button(label, onClick, extraClass) {
      var el = document.createElement("button");
      el.type = "button";
      el.className = "btn btn-outline-primary " + (extraClass || "");
      el.textContent = label;
      el.addEventListener("click", onClick);
      controls.appendChild(el);
      return el;
    }

    /* The arrow buttons move an existing point: until there is one they are
     * disabled and point (aria-describedby) to a note that says why. */
    function arrowButtons() {
      needsPoint = document.createElement("p");
      needsPoint.id = container.querySelector(".location-picker__map").id + "-needs-point";
      needsPoint.className = "location-picker__needs-point form-text";
      needsPoint.textContent = data.labelNeedsPoint;
      [
        ["↑ " + data.labelNorth, 1, 0],
        ["↓ " + data.labelSouth, -1, 0],
        ["← " + data.labelWest, 0, -1],
        ["→ " + data.labelEast, 0, 1],
      ].forEach(function (spec) {
        var el = button(spec[0], function () { move(spec[1], spec[2]); });
        el.disabled = true;
        el.setAttribute("aria-describedby", needsPoint.id);
        arrows.push(el);
      });
      controls.appendChild(needsPoint);
    }

    function enableArrows() {
      arrows.forEach(function (el) {
        el.disabled = false;
        el.removeAttribute("aria-describedby");
      });
      if (needsPoint) needsPoint.hidden = true;
    }

    map.on("click", function (event) {
      place(event.latlng, false);
    });
    latInput.addEventListener("change", fromInputs);
    lonInput.addEventListener("change", fromInputs);

    if ("geolocation" in navigator) {
      button(data.labelLocate, function () {
        say(data.labelLocating);
        navigator.geolocation.getCurrentPosition(
          function (position) {
            place(L.latLng(position.coords.latitude, position.coords.longitude), true);
          },
          function () {
            say(data.labelLocateFailed);
          },
          { enableHighAccuracy: true, timeout: 10000 }
        );
      }, "location-picker__locate");
    }
    arrowButtons();

    fromInputs();
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") return;
    document.querySelectorAll("[data-location-picker]").forEach(init);
  });
})();
