"""A posting's place becomes a city of the gazetteer, and its hub follows from the city.

Existing postings take their hub's city: the hub's GeoNames city when the catalogue names
one, else the most populous city of the hub's name in its country. Each posting's
countries (its city's, and those its remote applicants may live in) are listed for the
`country` search.
"""

import django.db.models.deletion
from django.db import migrations, models


def hub_city(hub, City):
    """The City row of a hub: its own, else found in the gazetteer by name and country."""
    from hubs import gazetteer

    if hub.city_id is not None:
        return hub.city
    qualifier = hub.region if hub.country in {"US", "CA"} and hub.region else hub.country
    place = gazetteer.resolve(f"{hub.name}, {qualifier}" if qualifier else hub.name)
    if place is None:
        raise RuntimeError(
            f"Hub {hub.slug!r} ({hub.name}) names no city of the gazetteer: give it one "
            "(hubs.City) before migrating, or move its postings to another hub."
        )
    city, _ = City.objects.get_or_create(
        pk=place.geonameid,
        defaults={
            "name": place.name,
            "slug": place.slug,
            "country": place.country,
            "region": place.region,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "population": place.population,
        },
    )
    if not hub.is_remote:
        hub.city = city
        hub.save(update_fields=["city"])
    return city


def postings_take_cities(apps, schema_editor) -> None:
    Posting = apps.get_model("postings", "Posting")
    PostingCountry = apps.get_model("postings", "PostingCountry")
    Hub = apps.get_model("hubs", "Hub")
    City = apps.get_model("hubs", "City")
    for hub in Hub.objects.filter(pk__in=Posting.objects.values("hub_id")):
        if hub.is_remote:
            continue
        city = hub_city(hub, City)
        Posting.objects.filter(hub=hub).update(city=city)
    # A remote job's hub was only where it was based; a hub that is no city (the Remote
    # market) leaves it with none.
    Posting.objects.filter(hub__is_remote=True).update(hub=None)
    countries = []
    for posting in Posting.objects.select_related("city").iterator():
        codes = set(posting.applicant_countries) if posting.remote == "remote" else set()
        if posting.city_id:
            codes.add(posting.city.country)
        countries += [PostingCountry(posting=posting, country=code) for code in sorted(codes)]
    PostingCountry.objects.bulk_create(countries, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0001_initial"),
        ("hubs", "0002_city"),
        ("postings", "0010_posting_search_sqlite"),
        ("roles", "0004_survey_moves_to_salaries"),
    ]

    operations = [
        migrations.CreateModel(
            name="PostingCountry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("country", models.CharField(max_length=2)),
            ],
        ),
        migrations.RemoveConstraint(
            model_name="posting",
            name="posting_onsite_hybrid_has_hub",
        ),
        migrations.AddField(
            model_name="posting",
            name="city",
            field=models.ForeignKey(
                blank=True,
                help_text="Where the work is. Leave empty only for a remote job with no home city.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="postings",
                to="hubs.city",
            ),
        ),
        migrations.AlterField(
            model_name="posting",
            name="hub",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="postings",
                to="hubs.hub",
            ),
        ),
        migrations.AddField(
            model_name="postingcountry",
            name="posting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="countries",
                to="postings.posting",
            ),
        ),
        migrations.RunPython(postings_take_cities, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="posting",
            index=models.Index(
                models.F("city"),
                models.OrderBy(models.F("published_at"), descending=True),
                condition=models.Q(("status", "published")),
                name="posting_published_city",
            ),
        ),
        migrations.AddConstraint(
            model_name="posting",
            constraint=models.CheckConstraint(
                condition=models.Q(("remote", "remote"), ("city__isnull", False), _connector="OR"),
                name="posting_onsite_hybrid_has_city",
            ),
        ),
        migrations.AddConstraint(
            model_name="postingcountry",
            constraint=models.UniqueConstraint(
                fields=("country", "posting"), name="postingcountry_unique"
            ),
        ),
    ]
