"""Logging filters that keep what people typed out of log records."""

import logging


class DropExceptionText(logging.Filter):
    """Keep the line, drop the exception attached to it.

    For `django.template`: when a template looks up a variable that is not there (crispy
    forms' field templates do this on every field), Django logs the failure at DEBUG with the
    exception, and that exception's text quotes the template context: the form and what the
    person typed into it. The line itself (variable and template names) stays.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
