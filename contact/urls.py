from django.urls import path

from . import views

app_name = "contact"

urlpatterns = [
    path("trials/<slug:slug>/contact/", views.contact, name="contact"),
    path("trials/<slug:slug>/contact/sent/<uuid:token>/", views.contact_sent, name="contact_sent"),
]
