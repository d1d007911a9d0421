"""Form errors as messages, for small forms posted from a page that redirects back to itself."""

from django.contrib import messages


def flash_form_errors(request, form) -> None:
    """Each error with the label of its field ("Uiterste datum: …"), so the person knows where."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
