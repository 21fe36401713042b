from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("volunteer-teams", views.VolunteerTeamViewSet, basename="volunteer-team")
router.register("volunteers", views.VolunteerViewSet, basename="volunteer")
router.register("patrol-places", views.PatrolPlaceViewSet, basename="patrol-place")
router.register("patrols", views.PatrolViewSet, basename="patrol")
router.register("patrol-check-ins", views.PatrolCheckInViewSet, basename="patrol-check-in")
router.register("patrol-findings", views.PatrolFindingViewSet, basename="patrol-finding")
router.register("guard-operations", views.GuardOperationViewSet, basename="guard-operation")
router.register("guard-shifts", views.GuardShiftViewSet, basename="guard-shift")
router.register("shift-swaps", views.ShiftSwapViewSet, basename="shift-swap")

urlpatterns = router.urls
