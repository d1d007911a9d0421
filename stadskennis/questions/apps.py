from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "stadskennis.questions"
    label = "questions"
    verbose_name = _("Help desk")

    def ready(self):
        from stadskennis.network.expertise import register_evidence
        from stadskennis.questions.evidence import SOURCES
        from stadskennis.questions.search_provider import QuestionProvider
        from stadskennis.search.registry import register

        register(QuestionProvider())
        for source in SOURCES:
            register_evidence(source)
        # Homework of the Netwerk runs on survey rounds: open a questionnaire, remind who did not answer.
        from stadskennis.core.reminders import register_reminder_source
        from stadskennis.network.signals import questionnaire_attached
        from stadskennis.questions import rondvraag

        questionnaire_attached.connect(rondvraag.open_as_homework, dispatch_uid="questions.open_as_homework")
        register_reminder_source(lambda now: rondvraag.due_reminders(now=now))
        # "Mijn taken": the rounds to answer and the questions waiting, for members and the centre.
        from stadskennis.core.task_registry import register_task_source
        from stadskennis.questions.my_tasks import SOURCES as TASK_SOURCES

        for task_source in TASK_SOURCES:
            register_task_source(task_source)
        # A theme's dossier shows, city by city, the answers to survey rounds on the theme.
        from stadskennis.knowledge.dossier import register_dossier_section
        from stadskennis.questions import dossier_answers

        register_dossier_section(dossier_answers.SECTION)
