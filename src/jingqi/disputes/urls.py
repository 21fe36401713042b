from django.urls import path

from . import views

app_name = "disputes"

urlpatterns = [
    path("", views.dispute_list, name="dispute_list"),
    path("workbench/", views.workbench, name="workbench"),
    path("new/", views.dispute_report, name="dispute_report"),
    path("from-request/<int:pk>/", views.dispute_from_ticket, name="dispute_from_ticket"),
    path("figures/", views.figures, name="figures"),
    path("map/", views.dispute_map, name="dispute_map"),
    path("map/features.json", views.map_features, name="map_features"),
    path("<int:pk>/", views.dispute_detail, name="dispute_detail"),
    path("<int:pk>/edit/", views.dispute_edit, name="dispute_edit"),
    path("<int:pk>/parties/new/", views.party_add, name="party_add"),
    path("<int:pk>/sessions/new/", views.session_plan, name="session_plan"),
    path("sessions/<int:pk>/record/", views.session_record, name="session_record"),
    path("<int:pk>/agreement/new/", views.agreement_sign, name="agreement_sign"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("agreements/<int:pk>/document.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("instalments/<int:pk>/pay/", views.payment_record, name="payment_record"),
    path("<int:pk>/attach/", views.document_upload, name="document_upload"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("<int:pk>/<str:action>/", views.dispute_action, name="dispute_action"),
]
