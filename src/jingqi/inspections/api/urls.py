from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("safety-profiles", views.SafetyProfileViewSet, basename="safety-profile")
router.register("inspection-types", views.InspectionTypeViewSet, basename="inspection-type")
router.register("checklist-versions", views.ChecklistVersionViewSet, basename="checklist-version")
router.register("cadence-rules", views.CadenceRuleViewSet, basename="cadence-rule")
router.register("key-dates", views.KeyDateViewSet, basename="key-date")
router.register("inspection-requirements", views.RequirementViewSet, basename="inspection-requirement")
router.register("inspection-visits", views.InspectionVisitViewSet, basename="inspection-visit")
router.register("inspections", views.InspectionViewSet, basename="inspection")
router.register("hazards", views.HazardViewSet, basename="hazard")

urlpatterns = router.urls
