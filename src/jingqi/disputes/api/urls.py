from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.register("disputes", views.DisputeViewSet, basename="dispute")
router.register("dispute-parties", views.DisputePartyViewSet, basename="dispute-party")
router.register("mediation-sessions", views.MediationSessionViewSet, basename="mediation-session")
router.register("dispute-agreements", views.AgreementViewSet, basename="dispute-agreement")
router.register("instalments", views.InstalmentViewSet, basename="instalment")
router.register("dispute-payments", views.PaymentViewSet, basename="dispute-payment")

urlpatterns = router.urls
