from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/contacts/add/", views.contact_add, name="contact_add"),
    path("enterprises/<int:pk>/team/add/", views.team_add, name="team_add"),
    path("enterprises/<int:pk>/strategy/", views.strategy_edit, name="strategy_edit"),
    path("enterprises/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("contacts/<int:pk>/remove/", views.contact_remove, name="contact_remove"),
    path("team/<int:pk>/remove/", views.team_remove, name="team_remove"),
    path("people/lookup/", views.person_lookup, name="person_lookup"),
    path("people/<int:pk>/reveal/<str:field>/", views.person_reveal, name="person_reveal"),
    path("parks/", views.park_list, name="park_list"),
    path("parks/new/", views.park_form, name="park_create"),
    path("parks/<int:pk>/", views.park_detail, name="park_detail"),
    path("parks/<int:pk>/edit/", views.park_form, name="park_edit"),
    path("parks/<int:pk>/map.json", views.park_map, name="park_map"),
    path("organisation/", views.organisation, name="organisation"),
]
