"""schema.org JobPosting markup (JSON-LD) for a live posting's page, as Google for Jobs reads it.

Only live postings get markup: a closed page keeps its notice for people, but tells search
engines nothing (and carries noindex).
"""

import json

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from hubs import gazetteer
from hubs.models import City
from roles.models import RemoteStatus

from .models import EmploymentType, Posting

EMPLOYMENT_TYPES = {
    EmploymentType.FULL_TIME: "FULL_TIME",
    EmploymentType.PART_TIME: "PART_TIME",
    EmploymentType.CONTRACT: "CONTRACTOR",
    EmploymentType.INTERNSHIP: "INTERN",
}
# schema.org unitText for each salary period.
SALARY_UNITS = {"year": "YEAR", "month": "MONTH", "hour": "HOUR"}

# What json_script escapes: none of these can then end the <script> element early.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def job_posting(posting: Posting, *, request: HttpRequest) -> dict:
    """The JobPosting object for a live posting (with company, role and hub loaded)."""
    company = posting.company
    organization: dict = {"@type": "Organization", "name": company.name}
    if company.website:
        organization["sameAs"] = company.website
    logo = getattr(company, "logo", None)  # companies gain a logo in another change
    if logo:
        organization["logo"] = request.build_absolute_uri(logo.url)

    data: dict = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": posting.title,
        "description": str(posting.description_html),
        "datePosted": posting.published_at.isoformat(),
        "employmentType": EMPLOYMENT_TYPES[posting.employment_type],
        "hiringOrganization": organization,
        "identifier": {"@type": "PropertyValue", "name": company.name, "value": posting.slug},
        # Candidates apply on the employer's site or by e-mail, never on this board.
        "directApply": False,
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": posting.salary_currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": posting.salary_min,
                "maxValue": posting.salary_max,
                "unitText": SALARY_UNITS[posting.salary_period],
            },
        },
    }
    if posting.expires_at:
        data["validThrough"] = posting.expires_at.isoformat()
    if posting.remote == RemoteStatus.REMOTE:
        # Google requires, for work from home, the countries applicants may live in.
        # schema.org has no "worldwide": a job open anywhere lists every country.
        data["jobLocationType"] = "TELECOMMUTE"
        codes = posting.applicant_countries or sorted(gazetteer.countries())
        data["applicantLocationRequirements"] = [
            {"@type": "Country", "name": gazetteer.country_name(code)} for code in codes
        ]
    # On-site and hybrid jobs have a place people go to (and are never TELECOMMUTE); a
    # remote job with a home city names it too, as Google allows for remote jobs.
    if posting.city_id is not None:
        data["jobLocation"] = place(posting.city)
    return data


def place(city: City) -> dict:
    address = {
        "@type": "PostalAddress",
        "addressLocality": city.name,
        "addressCountry": city.country,
    }
    if city.region:
        address["addressRegion"] = city.region
    return {
        "@type": "Place",
        "address": address,
        "geo": {"@type": "GeoCoordinates", "latitude": city.latitude, "longitude": city.longitude},
    }


def json_ld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element that no value inside can break out of."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def job_posting_script(posting: Posting, *, request: HttpRequest) -> SafeString:
    """The markup for a posting page: empty unless the posting is live."""
    if not posting.is_live():
        return SafeString("")
    return json_ld_script(job_posting(posting, request=request))
