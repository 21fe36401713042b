from django.urls import path

from .views import guard, me, patrols, places, teams

app_name = "patrols"

urlpatterns = [
    # Teams and volunteers (views/teams.py)
    path("", teams.overview, name="overview"),
    path("teams/", teams.team_list, name="team_list"),
    path("teams/new/", teams.team_create, name="team_create"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", teams.team_edit, name="team_edit"),
    path("teams/<int:pk>/enrol/", teams.volunteer_enrol, name="volunteer_enrol"),
    path("volunteers/", teams.volunteer_list, name="volunteer_list"),
    path("volunteers/<int:pk>/", teams.volunteer_detail, name="volunteer_detail"),
    path("volunteers/<int:pk>/edit/", teams.volunteer_edit, name="volunteer_edit"),
    path("volunteers/<int:pk>/availability/", teams.availability_edit, name="availability_edit"),
    path("volunteers/<int:pk>/recognise/", teams.recognition_add, name="recognition_add"),
    path("volunteers/<int:pk>/<str:action>/", teams.volunteer_action, name="volunteer_action"),
    path("recognitions/<int:pk>/certificate/", teams.certificate_download, name="certificate_download"),
    # Places and the map (views/places.py)
    path("places/", places.place_list, name="place_list"),
    path("places/map/", places.place_map, name="place_map"),
    path("places/map/features.json", places.map_features, name="map_features"),
    path("places/new/", places.place_create, name="place_create"),
    path("places/<int:pk>/", places.place_detail, name="place_detail"),
    path("places/<int:pk>/edit/", places.place_edit, name="place_edit"),
    # Patrols, check-ins and findings (views/patrols.py)
    path("calendar/", patrols.patrol_calendar, name="patrol_calendar"),
    path("patrols/new/", patrols.patrol_plan, name="patrol_plan"),
    path("patrols/<int:pk>/", patrols.patrol_detail, name="patrol_detail"),
    path("patrols/<int:pk>/edit/", patrols.patrol_edit, name="patrol_edit"),
    path("patrols/<int:pk>/check-in/", patrols.patrol_check_in, name="patrol_check_in"),
    path("patrols/<int:pk>/finding/", patrols.patrol_finding, name="patrol_finding"),
    path("patrols/<int:pk>/<str:action>/", patrols.patrol_action, name="patrol_action"),
    path("findings/", patrols.finding_list, name="finding_list"),
    path("findings/<int:pk>/", patrols.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/open/", patrols.finding_open, name="finding_open"),
    path("findings/<int:pk>/photo/", patrols.finding_photo, name="finding_photo"),
    # Guard operations and rosters (views/guard.py)
    path("operations/", guard.operation_list, name="operation_list"),
    path("operations/new/", guard.operation_create, name="operation_create"),
    path("operations/<int:pk>/", guard.operation_detail, name="operation_detail"),
    path("operations/<int:pk>/edit/", guard.operation_edit, name="operation_edit"),
    path("operations/<int:pk>/segments/", guard.segment_edit, name="segment_edit"),
    path("operations/<int:pk>/pool/", guard.pool_edit, name="pool_edit"),
    path("operations/<int:pk>/solve/", guard.operation_solve, name="operation_solve"),
    path("operations/<int:pk>/progress/", guard.operation_progress, name="operation_progress"),
    path("operations/<int:pk>/shifts/new/", guard.shift_add, name="shift_add"),
    path("operations/<int:pk>/coverage/", guard.coverage_report, name="coverage_report"),
    path("operations/<int:pk>/coverage.pdf", guard.coverage_pdf, name="coverage_pdf"),
    path("operations/<int:pk>/close/", guard.operation_close, name="operation_close"),
    path("shifts/<int:pk>/edit/", guard.shift_edit, name="shift_edit"),
    path("shifts/<int:pk>/remove/", guard.shift_remove, name="shift_remove"),
    path("swaps/<int:pk>/decide/", guard.swap_decide, name="swap_decide"),
    # The volunteer's own page, phone first (views/me.py)
    path("me/", me.my_duty, name="my_duty"),
    path("me/availability/", me.my_availability, name="my_availability"),
    path("shifts/<int:pk>/confirm/", me.shift_confirm, name="shift_confirm"),
    path("shifts/<int:pk>/check-in/", me.shift_check_in, name="shift_check_in"),
    path("shifts/<int:pk>/check-out/", me.shift_check_out, name="shift_check_out"),
    path("shifts/<int:pk>/finding/", me.shift_finding, name="shift_finding"),
    path("shifts/<int:pk>/swap/", me.swap_ask, name="swap_ask"),
    path("swaps/<int:pk>/<str:action>/", me.swap_action, name="swap_action"),
]
