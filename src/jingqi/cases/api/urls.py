from rest_framework.routers import DefaultRouter

from . import outreach

router = DefaultRouter()
router.register("outreach-events", outreach.OutreachEventViewSet, basename="outreach-event")

urlpatterns = router.urls
