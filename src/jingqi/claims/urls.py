from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("", views.clue_list, name="clue_list"),
    path("runs/status/", views.run_status, name="run_status"),
    path("runs/new/", views.run_start, name="run_start"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("clues/<int:pk>/", views.clue_detail, name="clue_detail"),
    path("clues/<int:pk>/reveal/", views.clue_reveal, name="clue_reveal"),
    path("clues/<int:pk>/<str:action>/", views.clue_action, name="clue_action"),
    path("evidence/<int:pk>/", views.evidence_image, name="evidence_image"),
    path("imports/", views.batch_list, name="batch_list"),
    path("imports/new/", views.batch_upload, name="batch_upload"),
    path("imports/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("imports/<int:pk>/rows.csv", views.batch_errors, name="batch_errors"),
]
