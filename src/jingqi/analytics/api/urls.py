from django.urls import path

from . import views

urlpatterns = [path("figures/", views.FiguresView.as_view(), name="figures")]
