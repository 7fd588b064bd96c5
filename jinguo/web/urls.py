from django.contrib.auth import views as auth_views
from django.urls import include, path

from jinguo.web.forms.accounts import LoginForm
from jinguo.web.routes import branch as branch_routes
from jinguo.web.routes import documents as document_routes
from jinguo.web.routes import notifications as notification_routes
from jinguo.web.routes import plans as plan_routes
from jinguo.web.routes import report_rates as report_rate_routes
from jinguo.web.routes import reports as report_routes
from jinguo.web.routes import reviews as review_routes
from jinguo.web.routes import supervision as supervision_routes
from jinguo.web.views import accounts, audit, home, imports, org, people

accounts_patterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

org_patterns = (
    [
        path("", org.tree, name="tree"),
        path("units/<int:pk>/", org.unit_detail, name="unit_detail"),
        path("units/<int:pk>/children/", org.unit_children, name="unit_children"),
        path("units/<int:pk>/edit/", org.unit_edit, name="unit_edit"),
        path("units/<int:pk>/add/", org.unit_add_child, name="unit_add_child"),
        path("units/<int:pk>/move/", org.unit_move, name="unit_move"),
        path("units/<int:pk>/people/add/", people.person_add, name="person_add"),
        path("search/", org.unit_search, name="unit_search"),
        path("people/", people.person_list, name="person_list"),
        path("people/<int:pk>/", people.person_detail, name="person_detail"),
        path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
        path("groups/", org.group_list, name="group_list"),
        path("groups/<int:pk>/", org.group_detail, name="group_detail"),
        path("import/", imports.import_page, name="import"),
        path("import/template/people/", imports.people_template, name="import_template_people"),
        path("import/template/units/", imports.units_template, name="import_template_units"),
        path("import/export/", imports.export_start, name="export"),
        path("import/jobs/<int:pk>/", imports.job_status, name="import_job"),
        path("import/jobs/<int:pk>/download/", imports.job_download, name="import_job_download"),
    ],
    "org",
)

user_patterns = (
    [
        path("", accounts.user_list, name="user_list"),
        path("<int:pk>/", accounts.user_detail, name="user_detail"),
        path("<int:pk>/password/", accounts.user_set_password, name="user_set_password"),
        path("<int:pk>/active/", accounts.user_set_active, name="user_set_active"),
        path("<int:pk>/grants/", accounts.grant_add, name="grant_add"),
        path("<int:pk>/grants/<int:grant_pk>/revoke/", accounts.grant_revoke, name="grant_revoke"),
        path("for-person/<int:pk>/", accounts.account_create, name="account_create"),
    ],
    "accounts",
)

audit_patterns = ([path("", audit.event_list, name="event_list")], "audit")

plan_patterns = (
    [
        *plan_routes.urlpatterns,
        *supervision_routes.urlpatterns,
        *review_routes.urlpatterns,
        *branch_routes.urlpatterns,
        *document_routes.urlpatterns,
    ],
    "plans",
)

notification_patterns = (notification_routes.urlpatterns, "notifications")

report_patterns = ([*report_routes.urlpatterns, *report_rate_routes.urlpatterns], "reports")

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/", include(accounts_patterns)),
    path("accounts/users/", include(user_patterns)),
    path("org/", include(org_patterns)),
    path("audit/", include(audit_patterns)),
    path("plans/", include(plan_patterns)),
    path("notifications/", include(notification_patterns)),
    path("reports/", include(report_patterns)),
]
