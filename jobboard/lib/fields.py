import re

from rest_framework import serializers

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class SlugRelatedField(serializers.SlugRelatedField):
    """DRF's field, refusing anything that is no slug before asking the database (which
    would fail on a NUL byte instead of answering "no such row")."""

    def to_internal_value(self, data):
        if isinstance(data, str) and not SLUG.match(data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data)
