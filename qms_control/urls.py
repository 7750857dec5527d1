"""Admin URLs of the QMS office's reports."""

from django.urls import path

from . import views

app_name = "qms_control"

urlpatterns = [
    path("reviews-due/", views.ReviewsDueView.as_view(), name="reviews_due"),
    path(
        "reviews-due/results/",
        views.ReviewsDueView.as_view(results_only=True),
        name="reviews_due_results",
    ),
    path("registry-check/", views.RegistryCheckView.as_view(), name="registry_check"),
    path(
        "registry-check/results/",
        views.RegistryCheckView.as_view(results_only=True),
        name="registry_check_results",
    ),
    path("master-list/", views.MasterListView.as_view(), name="master_list"),
    path(
        "master-list/results/",
        views.MasterListView.as_view(results_only=True),
        name="master_list_results",
    ),
]
