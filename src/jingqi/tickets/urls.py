from django.urls import path

from . import views

app_name = "tickets"

urlpatterns = [
    path("", views.ticket_list, name="ticket_list"),
    path("new/", views.ticket_submit, name="ticket_submit"),
    path("new/expected/", views.expected_times, name="expected_times"),
    path("workbench/", views.workbench, name="workbench"),
    path("figures/", views.ticket_figures, name="ticket_figures"),
    path("<int:pk>/", views.ticket_detail, name="ticket_detail"),
    path("<int:pk>/attach/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("<int:pk>/<str:action>/", views.ticket_action, name="ticket_action"),
    path("tasks/<int:pk>/record-reply/", views.task_record_reply, name="task_record_reply"),
    path("tasks/<int:pk>/<str:action>/", views.task_action, name="task_action"),
]
