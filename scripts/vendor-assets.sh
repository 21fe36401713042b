#!/usr/bin/env bash
# Installs the front-end libraries from the npm registry and copies what the pages load into the
# static files: htmx, Leaflet, Apache ECharts. Nothing is fetched from a CDN at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --loglevel=error
vendor=src/jingqi/static/vendor
rm -rf "$vendor"
mkdir -p "$vendor/htmx" "$vendor/leaflet" "$vendor/echarts"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/htmx/"
cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css \
  node_modules/leaflet/dist/images "$vendor/leaflet/"
cp node_modules/echarts/dist/echarts.min.js "$vendor/echarts/"
echo "front-end assets copied to $vendor"
