"""An e-mail backend for worker processes under test: it appends each message to the file
RECORD_MAIL_TO, and with HANG_AFTER_MESSAGES=n it stops answering once n messages are
recorded, like a mail server that took a message and then went silent."""

import json
import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        path = os.environ["RECORD_MAIL_TO"]
        hang_after = int(os.environ.get("HANG_AFTER_MESSAGES", "0"))
        for email in email_messages:
            with open(path, "a", encoding="utf-8") as record:
                record.write(json.dumps({"to": email.to, "subject": email.subject}) + "\n")
            with open(path, encoding="utf-8") as record:
                recorded = sum(1 for _ in record)
            if hang_after and recorded >= hang_after:
                time.sleep(3600)
        return len(email_messages)
