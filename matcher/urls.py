from django.urls import path

from . import api, views

app_name = "matcher"

urlpatterns = [
    path("match/", views.start, name="start"),
    path("match/begin/", views.begin, name="begin"),
    path("match/continue/", views.resume, name="resume"),
    path("match/start-over/", views.start_over, name="start_over"),
    path("match/question/", views.questionnaire_step, name="questionnaire_step"),
    path("match/question/<slug:step_id>/", views.question, name="question"),
    path("match/check/", views.check, name="check"),
    path("match/results/", views.results, name="results"),
    path("match/place/", views.place, name="place"),
    path("match/place/cities/", views.place_cities, name="place_cities"),
    path("match/results/print/", views.results_print, name="results_print"),
    path("match/clinician/", views.clinician, name="clinician"),
    path("api/v1/trials", api.trial_list, name="api_trial_list"),
    path("api/v1/trials/<slug:key>", api.trial_detail, name="api_trial_detail"),
    path("api/v1/questions", api.questions, name="api_questions"),
    path("api/v1/match", api.match, name="api_match"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
    # Last: any other address under the API answers a JSON 404, not the site's HTML page.
    path("api/v1/<path:rest>", api.not_found, name="api_not_found"),
]
