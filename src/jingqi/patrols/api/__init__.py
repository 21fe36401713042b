"""Patrols over the REST API: reads scoped by ``visible_to``, every action through ``patrols.services``."""
