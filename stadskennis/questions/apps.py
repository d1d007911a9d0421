from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "stadskennis.questions"
    label = "questions"
    verbose_name = _("Help desk")

    def ready(self):
        from stadskennis.questions.search_provider import QuestionProvider
        from stadskennis.search.registry import register

        register(QuestionProvider())
