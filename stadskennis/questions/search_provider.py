"""Questions in the one search: an answered question is knowledge ("earlier answered questions")."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stadskennis.core.markdown import markdown_to_text
from stadskennis.questions.models import Question
from stadskennis.search.registry import Document


class QuestionProvider:
    key = "question"
    model = Question
    label = gettext_lazy("Questions")
    carries = {"core.theme": "themes"}

    def indexable(self):
        return Question.objects.alive().prefetch_related("themes")

    def kind_label(self, kind: str) -> str:
        return _("Question")

    def document(self, question: Question) -> Document | None:
        if question.deleted_at is not None:
            return None
        themes = list(question.themes.all())
        # The document is shown at the question's visibility: a draft answer is not part of it.
        answer = markdown_to_text(question.answer, list_markers=False) if question.answer_is_given else ""
        return Document(
            object_id=str(question.pk),
            title=question.title,
            text="\n\n".join(p for p in (question.context, answer) if p),
            url=question.get_absolute_url(),
            kind="question",
            date=question.created_at,
            visibility=question.visibility,
            owner_id=question.owner_id,
            created_by_id=question.created_by_id,
            extra=" ".join(t.name for t in themes),
            year=question.created_at.year,
            facets=[("theme", t.slug, t.name) for t in themes],
        )
