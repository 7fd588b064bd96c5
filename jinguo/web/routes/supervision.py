"""The supervision loop: tasks, updates, comments and instructions, acceptance, attachments, feature projects."""

from django.urls import URLPattern, path

from jinguo.web.views import plan_supervision as views

urlpatterns: list[URLPattern] = [
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/updates/new/", views.update_create, name="update_create"),
    path("tasks/<int:pk>/comments/new/", views.comment_create, name="comment_create"),
    path("tasks/<int:pk>/accept/", views.task_accept, name="task_accept"),
    path("instructions/<int:pk>/answer/", views.instruction_answer, name="instruction_answer"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("<int:pk>/projects/declare/", views.project_declare, name="project_declare"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/updates/new/", views.project_update_create, name="project_update_create"),
]
