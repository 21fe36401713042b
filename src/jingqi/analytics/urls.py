from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.figures, name="figures"),
    path("records/", views.figure_records, name="figure_records"),
    path("export/", views.figures_export, name="figures_export"),
    path("summary.pdf", views.figures_summary, name="figures_summary"),
    path("by/", views.figures_by, name="figures_by"),
    path("by/export/", views.figures_by_export, name="figures_by_export"),
    path("map/", views.situation_map, name="map"),
    path("map/data/", views.map_data, name="map_data"),
]
