from django.urls import path

from . import api

app_name = "matcher"

urlpatterns = [
    path("api/v1/trials", api.trial_list, name="api_trial_list"),
    path("api/v1/trials/<slug:key>", api.trial_detail, name="api_trial_detail"),
    path("api/v1/questions", api.questions, name="api_questions"),
    path("api/v1/match", api.match, name="api_match"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
]
