"""The party-branch cycle (seed 001). `branch/public/<token>/` and `branch/appraise/<token>/` open without a login."""

from django.urls import URLPattern, path

from jinguo.web.views import branch

urlpatterns: list[URLPattern] = [
    path("branch/", branch.branch_list, name="branch_list"),
    path("branch/new/", branch.branch_create, name="branch_create"),
    path("branch/<int:pk>/", branch.branch_detail, name="branch_detail"),
    path("branch/<int:pk>/members/", branch.branch_members, name="branch_members"),
    path("branch/<int:pk>/pledge/", branch.pledge_edit, name="pledge_edit"),
    path("branch/<int:pk>/comment/", branch.branch_comment, name="branch_comment"),
    path("branch/<int:pk>/appraisals/new/", branch.appraisal_round_create, name="appraisal_round_create"),
    path("branch/<int:pk>/selection/", branch.selection, name="selection"),
    path("branch/<int:pk>/commitments/", branch.commitments, name="commitments"),
    path("branch/appraisals/<int:pk>/", branch.appraisal_round, name="appraisal_round"),
    path("branch/appraisals/<int:pk>/invites/", branch.appraisal_invites, name="appraisal_invites"),
    path("branch/appraisals/<int:pk>/results/", branch.appraisal_results, name="appraisal_results"),
    path("branch/commitments/<int:pk>/log/", branch.commitment_log, name="commitment_log"),
    # Public, no login: reached only through unguessable tokens.
    path("branch/public/<str:token>/", branch.branch_public, name="branch_public"),
    path("branch/appraise/<str:token>/", branch.appraise, name="appraise"),
]
