from django.urls import path

from . import views

app_name = "trials"

urlpatterns = [
    path("", views.home, name="home"),
    path("trials/", views.trial_list, name="trial_list"),
    path("trials/<slug:slug>/", views.trial_detail, name="trial_detail"),
]
