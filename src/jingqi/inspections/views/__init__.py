"""The inspection pages, one module per area; each module lists its own routes in ``urlpatterns``."""
