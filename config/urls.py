from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "巾帼 Jinguo"
admin.site.site_title = "巾帼 Jinguo"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("jinguo.api.urls")),
    path("", include("jinguo.web.urls")),
]

handler404 = "jinguo.web.views.errors.not_found"
handler500 = "jinguo.web.views.errors.server_error"
handler403 = "jinguo.web.views.errors.forbidden"
