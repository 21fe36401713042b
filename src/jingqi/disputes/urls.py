from django.urls import path

from . import views

app_name = "disputes"

urlpatterns = [
    path("<int:pk>/", views.dispute_detail, name="dispute_detail"),
]
