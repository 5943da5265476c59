"""The one way e-mail is sent: a template whose first line is the subject."""

import logging

from django.core import mail as outbox

from jobboard.lib import mail


def test_a_message_takes_its_subject_from_the_first_line(settings):
    settings.SITE_URL = "https://jobs.example.com"
    message = mail.message(
        to=["b@example.com", "a@example.com", "", "a@example.com"],
        template="posting_rejected",
        context={
            "posting": {"title": "Data Engineer", "rejection_reason": "No salary."},
            "dashboard_url": mail.absolute("/employer/"),
        },
    )
    assert message.subject == "Your job needs changes: Data Engineer"
    assert message.to == ["a@example.com", "b@example.com"]
    assert "https://jobs.example.com/employer/" in message.body
    assert not message.body.startswith("Your job needs changes")


def test_send_reports_a_failure_without_raising(settings, caplog):
    settings.EMAIL_BACKEND = "tests.broken_mail.BrokenBackend"
    with caplog.at_level(logging.ERROR):
        sent = mail.send(to=["a@example.com"], template="verify_email", context={"link": "x"})
    assert sent is False
    assert "Could not send the verify_email e-mail to a@example.com" in caplog.text


def test_send_with_no_recipient_sends_nothing(caplog):
    assert mail.send(to=[""], template="verify_email", context={"link": "x"}) is False
    assert outbox.outbox == []
