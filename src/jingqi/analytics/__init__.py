"""Analytics: the figures the published models report, computed from every app's records — one fact per record
and figure, rolled up by day and month per park — read by dashboards and the figures API. Reads only."""
