#!/usr/bin/env bash
# Installs the front-end libraries and the PDF font from the npm registry and copies what the pages load
# into the static files (htmx, Leaflet with its marker clustering and heat layers, Apache ECharts) and the font into the code (Noto Sans SC, embedded
# in the PDFs by core/pdf.py; kept out of static/ so collectstatic does not publish 20 MB of font).
# Nothing is fetched from a CDN at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
vendor=src/jingqi/static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/htmx" "$vendor/leaflet" "$vendor/leaflet-markercluster" "$vendor/leaflet-heat" "$vendor/echarts"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/htmx/"
cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css \
  node_modules/leaflet/dist/images "$vendor/leaflet/"
cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/leaflet.markercluster.js.map \
  node_modules/leaflet.markercluster/dist/MarkerCluster.css "$vendor/leaflet-markercluster/"
cp node_modules/leaflet.heat/dist/leaflet-heat.js "$vendor/leaflet-heat/"
cp node_modules/echarts/dist/echarts.min.js "$vendor/echarts/"
echo "front-end assets copied to $vendor"
fonts=src/jingqi/core/fonts
noto=node_modules/@expo-google-fonts/noto-sans-sc
rm -rf "$fonts"
mkdir -p "$fonts"
cp "$noto/400Regular/NotoSansSC_400Regular.ttf" "$noto/700Bold/NotoSansSC_700Bold.ttf" "$noto/LICENSE_FONT" "$fonts/"
echo "PDF fonts copied to $fonts"
