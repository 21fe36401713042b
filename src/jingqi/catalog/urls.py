from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
]
