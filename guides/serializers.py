from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import FAQ, Category, GuideArticle


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name"]


class FAQSerializer(serializers.ModelSerializer):
    answer_html = serializers.SerializerMethodField()
    # Either may be empty: an entry about the board in general names neither.
    guide = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    role = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = FAQ
        fields = ["slug", "question", "answer", "answer_html", "order", "guide", "role"]

    @extend_schema_field(serializers.CharField())
    def get_answer_html(self, faq: FAQ) -> str:
        return str(faq.answer_html)


class GuideSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    category = CategorySerializer()
    related_roles = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = GuideArticle
        fields = [
            "slug",
            "url",
            "title",
            "summary",
            "category",
            "related_roles",
            "reading_minutes",
            "published_at",
            "updated_at",
        ]

    def get_url(self, guide: GuideArticle) -> str:
        request = self.context.get("request")
        path = guide.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


class FAQBriefSerializer(FAQSerializer):
    class Meta(FAQSerializer.Meta):
        fields = ["slug", "question", "answer", "answer_html", "order"]


class GuideDetailSerializer(GuideSerializer):
    body_html = serializers.SerializerMethodField()
    faqs = FAQBriefSerializer(many=True, read_only=True)

    class Meta(GuideSerializer.Meta):
        fields = [*GuideSerializer.Meta.fields, "body", "body_html", "faqs"]

    @extend_schema_field(serializers.CharField())
    def get_body_html(self, guide: GuideArticle) -> str:
        return str(guide.body_html)
