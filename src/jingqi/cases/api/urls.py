from rest_framework.routers import DefaultRouter

from . import cases, outreach

router = DefaultRouter()
router.register("cases", cases.CaseViewSet, basename="case")
router.register("outreach-events", outreach.OutreachEventViewSet, basename="outreach-event")

urlpatterns = router.urls
