from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("bundles", views.BundleViewSet, basename="bundle")
router.register("service-items", views.ServiceItemViewSet, basename="service-item")

urlpatterns = router.urls
