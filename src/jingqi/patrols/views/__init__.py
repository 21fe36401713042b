"""Pages of the patrols app, one module per area: teams, places, patrols, guard operations, and the
volunteer's own page."""
