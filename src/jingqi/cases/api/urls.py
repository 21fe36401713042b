from rest_framework.routers import DefaultRouter

from . import cases

router = DefaultRouter()
router.register("cases", cases.CaseViewSet, basename="case")

urlpatterns = router.urls
