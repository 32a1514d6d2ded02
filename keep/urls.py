from django.urls import path

from . import views

app_name = "keep"

urlpatterns = [
    path("match/results/save/", views.save_result, name="save_result"),
    path("saved/<slug:token>/", views.saved_detail, name="saved_detail"),
    path("saved/<slug:token>/note/", views.saved_note, name="saved_note"),
    path("saved/<slug:token>/share/", views.share_create, name="share_create"),
    path(
        "saved/<slug:token>/share/<int:link_id>/withdraw/",
        views.share_revoke,
        name="share_revoke",
    ),
    path("saved/<slug:token>/delete/", views.saved_delete, name="saved_delete"),
    path("saved/<slug:token>/print/", views.saved_print, name="saved_print"),
    path("shared/<slug:token>/", views.shared_result, name="shared_result"),
    path("shared/<slug:token>/print/", views.shared_print, name="shared_print"),
    path("notify/", views.subscribe, name="subscribe"),
    path("notify/check-your-email/", views.subscribe_sent, name="subscribe_sent"),
    path("notify/confirm/<str:token>/", views.subscription_confirm, name="subscription_confirm"),
    path("notify/manage/<str:token>/", views.subscription_manage, name="subscription_manage"),
    path("notify/deleted/", views.subscription_deleted, name="subscription_deleted"),
]
