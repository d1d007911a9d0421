"""What the Netwerk announces to modules above it, so that it imports none of them."""

from django.dispatch import Signal

# A homework assignment got a questionnaire (a survey round): send it to the workgroup's member
# organisations. Sent inside the transaction that saves the assignment, with `assignment`,
# `organisations` and `actor`; the Vraagbaak answers it by opening the round for them.
questionnaire_attached = Signal()
