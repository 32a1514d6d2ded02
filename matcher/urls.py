from django.urls import path

from . import api, keep_views, views

app_name = "matcher"

urlpatterns = [
    path("match/", views.start, name="start"),
    path("match/begin/", views.begin, name="begin"),
    path("match/start-over/", views.start_over, name="start_over"),
    path("match/question/", views.questionnaire_step, name="questionnaire_step"),
    path("match/results/", views.results, name="results"),
    path("match/clinician/", views.clinician, name="clinician"),
    # Keeping results: saved results with a note, share links, notifications.
    path("match/results/save/", keep_views.save_result, name="save_result"),
    path("saved/<slug:token>/", keep_views.saved_detail, name="saved_detail"),
    path("saved/<slug:token>/note/", keep_views.saved_note, name="saved_note"),
    path("saved/<slug:token>/share/", keep_views.share_create, name="share_create"),
    path(
        "saved/<slug:token>/share/<int:link_id>/withdraw/",
        keep_views.share_revoke,
        name="share_revoke",
    ),
    path("saved/<slug:token>/delete/", keep_views.saved_delete, name="saved_delete"),
    path("saved/<slug:token>/print/", keep_views.saved_print, name="saved_print"),
    path("shared/<slug:token>/", keep_views.shared_result, name="shared_result"),
    path("shared/<slug:token>/print/", keep_views.shared_print, name="shared_print"),
    path("notify/", keep_views.subscribe, name="subscribe"),
    path("notify/check-your-email/", keep_views.subscribe_sent, name="subscribe_sent"),
    path(
        "notify/confirm/<str:token>/", keep_views.subscription_confirm, name="subscription_confirm"
    ),
    path("notify/manage/<str:token>/", keep_views.subscription_manage, name="subscription_manage"),
    path("notify/deleted/", keep_views.subscription_deleted, name="subscription_deleted"),
    path("api/v1/trials", api.trial_list, name="api_trial_list"),
    path("api/v1/trials/<slug:key>", api.trial_detail, name="api_trial_detail"),
    path("api/v1/questions", api.questions, name="api_questions"),
    path("api/v1/match", api.match, name="api_match"),
    path("api/v1/openapi.json", api.openapi, name="api_openapi"),
]
