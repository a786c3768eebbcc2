// The world map of member cities: country outlines from world-atlas (no tile server),
// one marker per city coloured by region, clustered where they overlap.
(function () {
  "use strict";

  var container = document.getElementById("world-map");
  if (!container || !window.L || !window.topojson) return;

  var WORLD = L.latLngBounds([[-60, -170], [80, 190]]);

  // A ring whose longitudes jump by more than 180 degrees crosses the antimeridian: shift the
  // points after the jump by 360 so the shape stays whole instead of streaking across the map.
  function unwrapRing(ring) {
    var shift = 0;
    var out = [];
    for (var i = 0; i < ring.length; i++) {
      var lon = ring[i][0] + shift;
      if (i > 0 && Math.abs(lon - out[i - 1][0]) > 180) {
        shift += lon > out[i - 1][0] ? -360 : 360;
        lon = ring[i][0] + shift;
      }
      out.push([lon, ring[i][1]]);
    }
    // A ring around a pole (Antarctica) ends 360 degrees from its start: close it along the pole.
    if (out.length && Math.abs(out[out.length - 1][0] - out[0][0]) > 180) {
      var sum = 0;
      out.forEach(function (p) { sum += p[1]; });
      var pole = sum < 0 ? -90 : 90;
      out.push([out[out.length - 1][0], pole], [out[0][0], pole], out[0]);
    }
    return out;
  }

  function shiftPolygon(rings, by) {
    return rings.map(function (ring) {
      return ring.map(function (p) { return [p[0] + by, p[1]]; });
    });
  }

  // Every polygon unwrapped, plus a copy on the other side of the map for the part that
  // now lies beyond +-180 degrees.
  function fixPolygons(polygons) {
    var fixed = [];
    polygons.forEach(function (rings) {
      var unwrapped = rings.map(unwrapRing);
      var low = Infinity;
      var high = -Infinity;
      unwrapped[0].forEach(function (p) {
        low = Math.min(low, p[0]);
        high = Math.max(high, p[0]);
      });
      fixed.push(unwrapped);
      if (low < -180) fixed.push(shiftPolygon(unwrapped, 360));
      if (high > 180) fixed.push(shiftPolygon(unwrapped, -360));
    });
    return fixed;
  }

  function fixFeature(feature) {
    var geometry = feature.geometry;
    if (!geometry) return null;
    var polygons;
    if (geometry.type === "Polygon") polygons = [geometry.coordinates];
    else if (geometry.type === "MultiPolygon") polygons = geometry.coordinates;
    else return feature;
    return {
      type: "Feature",
      properties: feature.properties,
      geometry: { type: "MultiPolygon", coordinates: fixPolygons(polygons) }
    };
  }

  function drawCountries(map, topology) {
    var collection = topojson.feature(topology, topology.objects.countries);
    var features = collection.features.map(fixFeature).filter(Boolean);
    L.geoJSON({ type: "FeatureCollection", features: features }, {
      interactive: false,
      style: { color: "#8a99a6", weight: 0.6, fillColor: "#f4f1e8", fillOpacity: 1 }
    }).addTo(map);
  }

  function regionClass(code) {
    return "region-" + String(code || "").replace(/[^a-z0-9-]/g, "");
  }

  function popupContent(city) {
    var box = document.createElement("div");
    box.setAttribute("dir", "auto");
    var link = document.createElement("a");
    link.href = city.url;
    link.className = "fw-semibold";
    link.textContent = city.name;
    var region = document.createElement("div");
    region.className = "small text-body-secondary";
    region.textContent = city.region_label;
    box.appendChild(link);
    box.appendChild(region);
    return box;
  }

  function cityMarker(city) {
    var marker = L.marker([city.lat, city.lon], {
      icon: L.divIcon({
        className: "city-marker " + regionClass(city.region),
        iconSize: [16, 16],
        popupAnchor: [0, -6]
      }),
      title: city.name,
      keyboard: true
    });
    marker.on("add", function () {
      var element = marker.getElement();
      if (element) element.setAttribute("aria-label", city.name);
    });
    marker.bindPopup(popupContent(city));
    return marker;
  }

  function drawCities(map, cities) {
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    var bySlug = {};
    cities.forEach(function (city) {
      var marker = cityMarker(city);
      bySlug[city.slug] = marker;
      cluster.addLayer(marker);
    });
    map.addLayer(cluster);
    var wanted = window.location.hash.replace(/^#city-/, "");
    if (bySlug[wanted]) {
      cluster.zoomToShowLayer(bySlug[wanted], function () { bySlug[wanted].openPopup(); });
    }
  }

  function showError() {
    var message = document.createElement("p");
    message.className = "alert alert-warning m-2";
    message.setAttribute("role", "alert");
    message.textContent = container.dataset.errorText;
    container.replaceChildren(message);
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + url);
      return response.json();
    });
  }

  var rtl = document.documentElement.getAttribute("dir") === "rtl";
  var map = L.map(container, {
    zoomControl: false,
    worldCopyJump: false,
    minZoom: 1,
    maxZoom: 9,
    zoomSnap: 0.5,
    maxBounds: [[-85, -220], [85, 220]],
    maxBoundsViscosity: 0.8
  });
  map.fitBounds(WORLD);
  // Controls sit where a reader of the page's direction starts reading.
  L.control.zoom({ position: rtl ? "topright" : "topleft" }).addTo(map);
  map.attributionControl.setPosition(rtl ? "bottomleft" : "bottomright");
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth · world-atlas");

  var countries = getJSON(container.dataset.countriesUrl).then(function (topology) {
    drawCountries(map, topology);
  });
  var cities = getJSON(container.dataset.citiesUrl).then(function (data) {
    drawCities(map, data);
    container.dataset.cityCount = String(data.length);
  });
  Promise.all([countries, cities]).then(function () {
    container.dataset.ready = "true";
  }, function () {
    container.dataset.ready = "error";
    showError();
  });
})();
