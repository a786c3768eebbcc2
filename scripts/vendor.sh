#!/usr/bin/env bash
# Copies the front-end assets pinned in package.json into src/strongcities/static/vendor/,
# with their licences. The copies are committed: the site never loads anything from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --silent
out=src/strongcities/static/vendor
rm -rf "$out" && mkdir -p "$out"/{bootstrap,dejavu-fonts,htmx,leaflet,markercluster,topojson,world-atlas}
nm=node_modules
cp $nm/bootstrap/dist/css/bootstrap.min.css $nm/bootstrap/dist/css/bootstrap.rtl.min.css \
   $nm/bootstrap/dist/js/bootstrap.bundle.min.js $nm/bootstrap/LICENSE "$out/bootstrap/"
# DejaVu Sans covers Latin, Turkish and Arabic (with its shaping tables): badges are drawn with it.
cp $nm/dejavu-fonts-ttf/ttf/DejaVuSans.ttf $nm/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf \
   $nm/dejavu-fonts-ttf/LICENSE "$out/dejavu-fonts/"
cp $nm/htmx.org/dist/htmx.min.js $nm/htmx.org/LICENSE "$out/htmx/"
cp -r $nm/leaflet/dist/leaflet.js $nm/leaflet/dist/leaflet.css $nm/leaflet/dist/images \
   $nm/leaflet/LICENSE "$out/leaflet/"
cp $nm/leaflet.markercluster/dist/leaflet.markercluster.js \
   $nm/leaflet.markercluster/dist/MarkerCluster.css \
   $nm/leaflet.markercluster/dist/MarkerCluster.Default.css \
   $nm/leaflet.markercluster/MIT-LICENCE.txt "$out/markercluster/"
cp $nm/topojson-client/dist/topojson-client.min.js $nm/topojson-client/LICENSE "$out/topojson/"
cp $nm/world-atlas/countries-110m.json $nm/world-atlas/countries-50m.json $nm/world-atlas/LICENSE \
   "$out/world-atlas/"
# Source maps are not vendored: drop the references to them.
find "$out" \( -name '*.js' -o -name '*.css' \) -exec sed -i -E '/sourceMappingURL=/d' {} +
{
  echo "Vendored from the npm registry by scripts/vendor.sh; versions pinned in package.json."
  node -e 'const p=require("./package.json");for(const [k,v] of Object.entries(p.dependencies))console.log(`${k} ${v}`)'
} > "$out/VERSIONS.txt"
echo "vendored into $out"
