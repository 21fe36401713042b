from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("stations", views.StationViewSet, basename="station")
router.register("offices", views.OfficeViewSet, basename="office")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("stationings", views.StationingViewSet, basename="stationing")
router.register("parks", views.ParkViewSet, basename="park")
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("contacts", views.ContactViewSet, basename="contact")
router.register("team-members", views.TeamMemberViewSet, basename="team-member")
router.register("strategies", views.StrategyViewSet, basename="strategy")
router.register("visits", views.VisitViewSet, basename="visit")
router.register("people", views.PersonViewSet, basename="person")

urlpatterns = router.urls
