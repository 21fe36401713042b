from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("clues", views.ClueViewSet, basename="clue")
router.register("complaint-batches", views.ComplaintBatchViewSet, basename="complaint-batch")
router.register("claim-runs", views.ScanRunViewSet, basename="claim-run")

urlpatterns = router.urls
