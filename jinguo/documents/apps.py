from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "jinguo.documents"
    label = "documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        from jinguo.documents.font_config import configure_fontconfig

        # Before any request or task renders: fontconfig reads the variable when WeasyPrint loads it.
        configure_fontconfig()
