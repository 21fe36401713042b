"""Open311 GeoReport v2 over the service directory and the requests (http://wiki.open311.org/GeoReport_v2)."""
